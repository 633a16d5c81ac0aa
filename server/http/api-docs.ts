// A self-contained HTML reference rendered from the OpenAPI document: no CDN scripts, so it works offline.

type Json = Record<string, unknown>

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

function schemaSummary(schema: Json | undefined): string {
  if (!schema) return ''
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.map(esc).join(', ')}`
  const t = schema.type ?? (schema.$ref ? String(schema.$ref).split('/').pop() : '')
  return esc(t)
}

export function renderApiDocs(doc: { info: { title: string; description?: string }; paths?: Json }): string {
  const sections: string[] = []
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, opRaw] of Object.entries(ops as Json)) {
      const op = opRaw as Json
      const params = ((op.parameters as Json[] | undefined) ?? [])
        .map(
          (p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td>
          <td>${schemaSummary(p.schema as Json)}</td><td>${esc((p.schema as Json | undefined)?.description ?? p.description)}</td></tr>`,
        )
        .join('')
      const responses = Object.entries((op.responses as Json | undefined) ?? {})
        .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc((r as Json).description)}</li>`)
        .join('')
      sections.push(`<section><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
        <p>${esc(op.summary)}</p>
        ${params ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th>Type</th><th>Description</th></tr></thead><tbody>${params}</tbody></table>` : ''}
        ${op.requestBody ? '<p><i>Takes a JSON body (see the OpenAPI document for its schema).</i></p>' : ''}
        <ul>${responses}</ul></section>`)
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} – reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
section{border-top:1px solid #d0d7de;padding:.5rem 0}h3{font-size:1rem;margin:.5rem 0}table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #d0d7de;padding:2px 6px;text-align:left;vertical-align:top}.m{display:inline-block;min-width:4.5em;padding:1px 6px;border-radius:4px;color:#fff;background:#57606a;font-size:12px;text-align:center}
.m.get{background:#0969da}.m.post{background:#1a7f37}.m.put,.m.patch{background:#9a6700}.m.delete{background:#cf222e}</style></head>
<body><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>${sections.join('\n')}</body></html>`
}
