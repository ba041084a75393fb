import type { Language } from '../../../i18n.ts';
import { formatPhone, type Account } from '../api.ts';

/** The account form as typed: every field a string (or a flag) until it is sent. */
export type AccountForm = {
  customerName: string;
  email: string;
  phone: string;
  street: string;
  unit: string;
  city: string;
  state: string;
  zip: string;
  language: Language;
  accountType: string;
  route: string;
  autopay: boolean;
  latitude: string;
  longitude: string;
};

export type FormErrors = Partial<Record<keyof AccountForm, string>>;

export const emptyForm = (language: Language): AccountForm => ({
  customerName: '',
  email: '',
  phone: '',
  street: '',
  unit: '',
  city: '',
  state: '',
  zip: '',
  language,
  accountType: '',
  route: '',
  autopay: false,
  latitude: '',
  longitude: '',
});

export const formOf = (a: Account): AccountForm => ({
  customerName: a.customerName,
  email: a.email ?? '',
  phone: a.phone ? formatPhone(a.phone) : '',
  street: a.address.street,
  unit: a.address.unit ?? '',
  city: a.address.city,
  state: a.address.state,
  zip: a.address.zip,
  language: a.language,
  accountType: a.accountType,
  route: a.route ?? '',
  autopay: a.autopay,
  latitude: a.pin ? String(a.pin.latitude) : '',
  longitude: a.pin ? String(a.pin.longitude) : '',
});

/** A coordinate typed or picked on the map, or null when blank or not a number in range. */
export function parseCoordinate(value: string, max: number): number | null | 'invalid' {
  const v = value.trim();
  if (!v) return null;
  if (!/^-?\d{1,3}(\.\d+)?$/.test(v)) return 'invalid';
  const n = Number(v);
  return Math.abs(n) <= max ? n : 'invalid';
}

/** Field errors found before sending, as catalog keys under utilities.form.errors. */
export function checkForm(form: AccountForm): Partial<Record<keyof AccountForm, string>> {
  const found: Partial<Record<keyof AccountForm, string>> = {};
  if (!form.customerName.trim()) found.customerName = 'nameRequired';
  if (!form.street.trim()) found.street = 'streetRequired';
  if (!form.city.trim()) found.city = 'cityRequired';
  if (!/^[A-Za-z]{2}$/.test(form.state.trim())) found.state = 'state';
  if (!/^\d{5}(-\d{4})?$/.test(form.zip.trim())) found.zip = 'zip';
  if (!form.accountType) found.accountType = 'typeRequired';
  const lat = parseCoordinate(form.latitude, 90);
  const lng = parseCoordinate(form.longitude, 180);
  if (lat === 'invalid') found.latitude = 'latitude';
  if (lng === 'invalid') found.longitude = 'longitude';
  if (lat === null && typeof lng === 'number') found.latitude = 'pinBoth';
  if (lng === null && typeof lat === 'number') found.longitude = 'pinBoth';
  return found;
}

/** The request body of POST (open) or PATCH (change) /api/v1/utilities/accounts. */
export function toBody(form: AccountForm) {
  const lat = parseCoordinate(form.latitude, 90);
  const lng = parseCoordinate(form.longitude, 180);
  return {
    customerName: form.customerName.trim(),
    email: form.email.trim() || null,
    phone: form.phone.trim() || null,
    address: {
      street: form.street.trim(),
      unit: form.unit.trim() || null,
      city: form.city.trim(),
      state: form.state.trim().toUpperCase(),
      zip: form.zip.trim(),
    },
    language: form.language,
    pin: typeof lat === 'number' && typeof lng === 'number' ? { latitude: lat, longitude: lng } : null,
    accountType: form.accountType,
    route: form.route.trim() || null,
    autopay: form.autopay,
  };
}

/** The server's field paths ("address.zip", "pin.latitude") by the form's own names. */
export const SERVER_FIELDS: Record<string, keyof AccountForm> = {
  customerName: 'customerName',
  email: 'email',
  phone: 'phone',
  'address.street': 'street',
  'address.unit': 'unit',
  'address.city': 'city',
  'address.state': 'state',
  'address.zip': 'zip',
  language: 'language',
  accountType: 'accountType',
  route: 'route',
  'pin.latitude': 'latitude',
  'pin.longitude': 'longitude',
};

/** The order fields appear in, to focus the first one with an error. */
export const FIELD_ORDER: (keyof AccountForm)[] = [
  'customerName',
  'email',
  'phone',
  'street',
  'unit',
  'city',
  'state',
  'zip',
  'language',
  'accountType',
  'route',
  'latitude',
  'longitude',
];
