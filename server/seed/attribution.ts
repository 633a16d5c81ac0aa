// Credits the map must show for the reference layers (licences in data/README.md).
export const ATTRIBUTION = [
  '<a href="https://www.amcharts.com/" target="_blank" rel="noopener">County boundaries © amCharts</a>',
  'Places © <a href="https://www.geonames.org/" target="_blank" rel="noopener">GeoNames</a> (CC BY 4.0)',
  'Airstrips: <a href="https://ourairports.com/" target="_blank" rel="noopener">OurAirports</a> via airport-db (ODbL 1.0)',
  'Outline: Natural Earth',
]
