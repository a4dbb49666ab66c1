import type { messages as zh } from '../zh/regions.ts';

/** English · regions: the same keys as zh/regions.ts (a missing or extra key fails the typecheck). */
export const messages: Record<keyof typeof zh, string> = {
  'region.title': 'Regions',
  'region.create': 'New region',
  'region.edit': 'Edit region',
  'region.code': 'Division code',
  'region.codeHelp': '6 digits (city, district) or 9 digits (town, street), GB/T 2260',
  'region.name': 'Name',
  'region.level': 'Level',
  'region.parent': 'Parent region',
  'region.noParent': '(none)',
  'region.searchPlaceholder': 'Name or code',
  'region.empty': 'No regions yet: import your city from the national list, or add your city first, then its towns and streets',
  'region.standardImport': 'Import national list',
  'region.standardTitle': 'Import regions from the national list',
  'region.standardIntro':
    'Choose a province and a city: its districts and all its towns and streets are added with their GB/T 2260 codes. Regions already there (same code) are kept as they are; importing again adds nothing.',
  'region.standardProvince': 'Province',
  'region.standardCity': 'City',
  'region.standardCounty': '{name} (under the province)',
  'region.standardPreview': '{n} regions will be added ({districts} districts, {towns} towns and streets); {kept} already there stay as they are',
  'region.standardNothing': 'Every region of {name} is already there: nothing to add',
  'region.standardSetCity': "Make it the association's city (imports match town names within it)",
  'region.standardSetCityReplace': "Make it the association's city (now {name})",
  'region.standardConfirm': 'Import',
  'region.standardDone': 'Imported {name}: {n} regions added, {kept} already there kept',
};
