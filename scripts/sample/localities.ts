// More real locality names (estates, wards, constituency and market centres) with rough positions (typed in by
// hand, within a few km), used ONLY to name invented sample points in counties where towns.ts and GeoNames have too
// few names (Nairobi, Mombasa, and the populous rural counties). Not a gazetteer: do not use them for anything else.

import type { LonLat } from './geo.ts'

export const LOCALITIES: readonly [string, LonLat][] = [
  // Nairobi
  ['Westlands', [36.807, -1.265]], ['Parklands', [36.818, -1.262]], ['Kangemi', [36.745, -1.265]], ['Kawangware', [36.745, -1.285]],
  ['Dagoretti', [36.72, -1.3]], ['Riruta', [36.735, -1.292]], ['Kibra', [36.785, -1.313]], ['Karen', [36.71, -1.32]],
  ['Kilimani', [36.785, -1.29]], ['Kileleshwa', [36.78, -1.278]], ['Lavington', [36.768, -1.28]], ['Upper Hill', [36.815, -1.3]],
  ['South C', [36.83, -1.32]], ['South B', [36.842, -1.31]], ['Mukuru', [36.87, -1.316]], ['Viwandani', [36.86, -1.306]],
  ['Embakasi', [36.9, -1.32]], ['Utawala', [36.96, -1.29]], ['Ruai', [37.0, -1.27]], ['Njiru', [36.96, -1.25]], ['Kayole', [36.912, -1.275]],
  ['Umoja', [36.89, -1.283]], ['Donholm', [36.885, -1.296]], ['Buruburu', [36.875, -1.287]], ['Makadara', [36.865, -1.298]],
  ['Eastleigh', [36.85, -1.275]], ['Pangani', [36.835, -1.265]], ['Mathare', [36.86, -1.26]], ['Huruma', [36.872, -1.255]],
  ['Kariobangi', [36.882, -1.249]], ['Dandora', [36.9, -1.25]], ['Baba Dogo', [36.885, -1.24]], ['Ruaraka', [36.872, -1.234]],
  ['Kasarani', [36.9, -1.222]], ['Roysambu', [36.888, -1.215]], ['Zimmerman', [36.893, -1.206]], ['Githurai', [36.918, -1.2]],
  ['Kahawa', [36.925, -1.18]], ['Mwiki', [36.935, -1.21]], ['Gigiri', [36.81, -1.233]], ['Runda', [36.81, -1.213]],
  ['Muthaiga', [36.83, -1.25]], ['Ngara', [36.825, -1.275]], ['Starehe', [36.832, -1.285]], ['Kamukunji', [36.845, -1.285]],
  ['Kitisuru', [36.78, -1.225]], ['Waithaka', [36.72, -1.28]], ['Mihango', [36.94, -1.3]], ['Kamulu', [37.03, -1.27]],
  // Mombasa
  ['Kisauni', [39.695, -4.02]], ['Bamburi', [39.72, -3.99]], ['Shanzu', [39.745, -3.96]], ['Mtopanga', [39.7, -4.005]],
  ['Nyali', [39.705, -4.04]], ['Kongowea', [39.695, -4.03]], ['Frere Town', [39.685, -4.044]], ['Likoni', [39.655, -4.09]],
  ['Shika Adabu', [39.64, -4.11]], ['Mtongwe', [39.625, -4.09]], ['Changamwe', [39.62, -4.025]], ['Port Reitz', [39.61, -4.04]],
  ['Miritini', [39.59, -3.995]], ['Chaani', [39.615, -4.015]], ['Mikindani', [39.63, -4.005]], ['Tudor', [39.67, -4.045]],
  ['Old Town', [39.68, -4.06]], ['Mvita', [39.665, -4.055]], ['Junda', [39.705, -4.0]], ['Mwakirunge', [39.72, -3.95]],
  // Kiambu
  ['Kabete', [36.72, -1.25]], ['Lari', [36.65, -0.95]], ['Wangige', [36.71, -1.22]], ['Kinoo', [36.69, -1.25]], ['Githiga', [36.73, -1.08]],
  // Kakamega
  ['Lurambi', [34.765, 0.3]], ['Shinyalu', [34.83, 0.22]], ['Malinya', [34.72, 0.2]], ['Matungu', [34.55, 0.39]], ['Navakholo', [34.63, 0.5]],
  ['Lugari', [34.91, 0.62]], ['Likuyani', [35.05, 0.73]], ['Kabras', [34.85, 0.38]], ['Shibuli', [34.8, 0.35]], ['Eregi', [34.68, 0.17]],
  ['Iguhu', [34.74, 0.17]], ['Bukura', [34.63, 0.24]],
  // Vihiga
  ['Hamisi', [34.79, 0.05]], ['Emuhaya', [34.63, 0.05]], ['Sabatia', [34.78, 0.11]], ['Kaimosi', [34.85, 0.13]], ['Ebusiratsi', [34.62, 0.03]],
  // Bungoma, Trans Nzoia
  ['Tongaren', [34.95, 0.77]], ['Bumula', [34.48, 0.53]], ['Naitiri', [34.87, 0.77]], ['Kanduyi', [34.6, 0.53]], ['Kabuchai', [34.62, 0.65]],
  ['Saboti', [34.93, 1.03]], ['Kwanza', [34.98, 1.17]], ['Kachibora', [35.2, 1.0]], ['Sibanga', [34.85, 1.0]],
  // Uasin Gishu, Nandi
  ['Moiben', [35.38, 0.82]], ['Ziwa', [35.22, 0.77]], ['Soy', [35.14, 0.68]], ['Kapseret', [35.2, 0.47]], ['Ainabkoi', [35.48, 0.38]],
  ['Kabiyet', [35.17, 0.43]], ['Kobujoi', [35.1, 0.0]], ['Lessos', [35.3, 0.1]], ['Kaptumo', [35.08, 0.08]],
  // Kisumu, Siaya, Homa Bay, Migori, Nyamira
  ['Kombewa', [34.5, -0.1]], ['Kondele', [34.77, -0.09]], ['Pap Onditi', [34.95, -0.36]], ['Chemelil', [35.15, -0.08]], ['Kisian', [34.68, -0.09]],
  ['Kibos', [34.8, -0.07]], ['Ugunja', [34.29, 0.18]], ['Ukwala', [34.18, 0.24]], ['Rangwe', [34.6, -0.6]], ['Magunga', [34.2, -0.6]],
  ['Uriri', [34.5, -0.95]], ['Macalder', [34.3, -1.1]], ['Ekerenyo', [34.9, -0.5]], ['Manga', [34.86, -0.65]],
  // Bomet, Kericho, Narok, Kajiado
  ['Longisa', [35.4, -0.85]], ['Silibwet', [35.35, -0.73]], ['Mogogosiek', [35.25, -0.62]], ['Chepalungu', [35.2, -0.9]],
  ['Kapkugerwet', [35.32, -0.4]], ['Sosiot', [35.3, -0.3]], ['Sekenani', [35.4, -1.45]], ['Suswa', [36.34, -1.15]],
  ['Ewaso Ngiro', [35.8, -1.14]], ['Emurua Dikirr', [35.05, -0.9]], ['Olkiramatian', [36.0, -1.9]], ['Rombo', [37.69, -3.04]],
  ['Bissil', [36.85, -2.15]], ['Mashuuru', [37.15, -2.1]],
  // Machakos, Makueni, Kitui
  ['Kyuso', [38.2, -0.55]], ['Migwani', [38.0, -1.1]], ['Ikutha', [38.17, -2.07]], ['Tseikuru', [38.2, -0.3]], ['Nuu', [38.33, -0.9]],
  ['Mutitu', [38.2, -1.2]], ['Kanyangi', [38.05, -1.45]], ['Kathiani', [37.35, -1.42]], ['Kalawa', [37.7, -1.65]], ['Mbooni', [37.44, -1.63]],
  // Meru, Embu, Tharaka-Nithi
  ['Mikinduri', [37.83, 0.16]], ['Kianjai', [37.73, 0.17]], ['Kangeta', [37.93, 0.26]], ['Muthara', [37.88, 0.29]], ['Githongo', [37.7, 0.03]],
  ['Kiritiri', [37.65, -0.67]], ['Gatunga', [37.9, -0.15]],
  // Kilifi, Kwale, Tana River, Lamu
  ['Ganze', [39.65, -3.38]], ['Rabai', [39.57, -3.93]], ['Magarini', [40.05, -3.05]], ['Shimba Hills', [39.4, -4.25]],
  ['Madogo', [39.6, -0.47]], ['Tarasaa', [40.15, -2.45]], ['Kipini', [40.52, -2.52]], ['Hindi', [40.8, -2.28]],
  // North Eastern and the north
  ['Balambala', [39.86, -0.06]], ['Hulugho', [40.98, -1.13]], ['Kutulo', [40.63, 2.69]], ['Hadado', [39.98, 2.05]], ['Dertu', [40.27, 0.48]],
  ['Lorugum', [35.25, 2.9]], ['Kalobeyei', [34.78, 3.75]], ['Maikona', [37.63, 2.93]], ['Loglogo', [37.86, 1.98]], ['Kinna', [38.2, 0.32]],
  ['Shant Abak', [39.4, 0.25]], ['Jarajila', [39.9, 0.4]], ['Nanighi', [39.7, -0.9]], ['Sankuri', [39.9, -0.25]],
  ['Arabia', [41.5, 3.95]], ['Fino', [40.6, 3.6]], ['Ashabito', [41.65, 3.9]],
  ['Kisima', [36.75, 0.98]], ['Lodokejek', [36.63, 1.2]], ['Nachola', [36.8, 1.95]], ['Opiroi', [37.15, 1.15]],
  ['Oldonyiro', [37.0, 0.7]], ['Tangulbei', [36.25, 0.85]], ['Loruk', [36.0, 0.75]], ['Sigor', [35.47, 1.48]], ['Lomut', [35.55, 1.4]],
]
