// Credits the map must show for the reference layers (licences in data/README.md), in each UI language.
export const ATTRIBUTION = {
  en: [
    '<a href="https://www.amcharts.com/" target="_blank" rel="noopener">County boundaries © amCharts</a>',
    'Places © <a href="https://www.geonames.org/" target="_blank" rel="noopener">GeoNames</a> (CC BY 4.0)',
    'Airstrips: <a href="https://ourairports.com/" target="_blank" rel="noopener">OurAirports</a> via airport-db (ODbL 1.0)',
    'Outline: Natural Earth',
  ],
  sw: [
    '<a href="https://www.amcharts.com/" target="_blank" rel="noopener">Mipaka ya kaunti © amCharts</a>',
    'Maeneo © <a href="https://www.geonames.org/" target="_blank" rel="noopener">GeoNames</a> (CC BY 4.0)',
    'Viwanja vya ndege: <a href="https://ourairports.com/" target="_blank" rel="noopener">OurAirports</a> kupitia airport-db (ODbL 1.0)',
    'Mpaka wa nchi: Natural Earth',
  ],
}
