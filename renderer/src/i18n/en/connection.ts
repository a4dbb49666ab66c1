/** English · connection. */
export const messages = {
  'connection.title': 'Connect to the association server',
  'connection.current.local': 'Working on the data file on this computer.',
  'connection.current.server': 'Connected to the association server {url}.',
  'connection.address': 'Server address',
  'connection.addressHelp': 'e.g. https://192.168.1.20:5170, from the server administrator',
  'connection.check': 'Check certificate',
  'connection.compare': 'Compare this fingerprint, character by character, with the one the server shows before connecting:',
  'connection.trusted': 'The system trusts this server’s certificate. Fingerprint:',
  'connection.fingerprint': 'Certificate fingerprint',
  'connection.validTo': 'Valid until {date}',
  'connection.trustAndConnect': 'Fingerprints match: trust and connect',
  'connection.useLocal': 'Use the local data file again',
};
