import type { CategoryInput } from '../modules/requests/catalogue.js';

/**
 * The words of Esperanza's 311 demo: its departments, eight categories with Spanish names and
 * questions, and the reports residents wrote, in both languages (demo-requests.ts files them).
 */
export const DEPARTMENTS = {
  public_works: { en: 'Public Works', es: 'Obras Públicas' },
  water: { en: 'Water Utility', es: 'Servicio de Agua' },
  sanitation: { en: 'Sanitation', es: 'Limpieza y Recolección' },
  code_enforcement: { en: 'Code Enforcement', es: 'Cumplimiento de Códigos' },
};

const yesNo = (key: string, en: string, es: string, required = false) => ({
  key,
  type: 'yes_no' as const,
  label: { en, es },
  required,
});

export const CATEGORIES: [string, CategoryInput][] = [
  [
    'pothole',
    {
      name: { en: 'Pothole', es: 'Bache' },
      description: {
        en: 'A hole or broken pavement in a street.',
        es: 'Un hoyo o pavimento roto en la calle.',
      },
      departmentCode: 'public_works',
      slaBusinessDays: 5,
      locationRequired: true,
      active: true,
      position: 10,
      questions: [
        {
          key: 'size',
          type: 'single_choice',
          label: { en: 'About how big is it?', es: '¿Qué tan grande es, más o menos?' },
          required: true,
          options: [
            { value: 'small', label: { en: 'Smaller than a plate', es: 'Más chico que un plato' } },
            { value: 'medium', label: { en: 'Like a tire', es: 'Como una llanta' } },
            { value: 'large', label: { en: 'Larger than a tire', es: 'Más grande que una llanta' } },
          ],
        },
        yesNo('in_traffic_lane', 'Is it in a traffic lane?', '¿Está en un carril de tráfico?'),
      ],
    },
  ],
  [
    'streetlight_out',
    {
      name: { en: 'Streetlight out', es: 'Poste de luz apagado' },
      description: {
        en: 'A streetlight that is out or flickering.',
        es: 'Una lámpara de la calle apagada o que parpadea.',
      },
      departmentCode: 'public_works',
      slaBusinessDays: 10,
      locationRequired: true,
      active: true,
      position: 20,
      questions: [
        {
          key: 'pole_number',
          type: 'text',
          label: { en: 'Number on the pole, if you see one', es: 'Número del poste, si lo ve' },
          required: false,
        },
      ],
    },
  ],
  [
    'water_leak',
    {
      name: { en: 'Water leak', es: 'Fuga de agua' },
      description: {
        en: 'Water running from a pipe, meter or hydrant.',
        es: 'Agua que sale de un tubo, medidor o hidrante.',
      },
      departmentCode: 'water',
      slaBusinessDays: 2,
      locationRequired: true,
      active: true,
      position: 30,
      questions: [
        {
          key: 'source',
          type: 'single_choice',
          label: { en: 'Where is the water coming from?', es: '¿De dónde sale el agua?' },
          required: true,
          options: [
            { value: 'street', label: { en: 'The street', es: 'La calle' } },
            { value: 'meter', label: { en: 'A water meter', es: 'Un medidor de agua' } },
            { value: 'hydrant', label: { en: 'A fire hydrant', es: 'Un hidrante' } },
          ],
        },
        { key: 'since', type: 'date', label: { en: 'Since when?', es: '¿Desde cuándo?' }, required: false },
      ],
    },
  ],
  [
    'missed_trash',
    {
      name: { en: 'Missed trash pickup', es: 'No recogieron la basura' },
      description: {
        en: 'Your trash or recycling was not picked up on its day.',
        es: 'No recogieron su basura o reciclaje el día que tocaba.',
      },
      departmentCode: 'sanitation',
      slaBusinessDays: 2,
      locationRequired: true,
      active: true,
      position: 40,
      questions: [
        {
          key: 'containers',
          type: 'multiple_choice',
          label: { en: 'Which containers?', es: '¿Cuáles contenedores?' },
          required: true,
          options: [
            { value: 'trash', label: { en: 'Trash', es: 'Basura' } },
            { value: 'recycling', label: { en: 'Recycling', es: 'Reciclaje' } },
            { value: 'yard', label: { en: 'Yard waste', es: 'Desechos de jardín' } },
          ],
        },
      ],
    },
  ],
  [
    'graffiti',
    {
      name: { en: 'Graffiti', es: 'Grafiti' },
      description: { en: 'Graffiti on public property.', es: 'Grafiti en propiedad pública.' },
      departmentCode: 'public_works',
      slaBusinessDays: 7,
      locationRequired: true,
      active: true,
      position: 50,
      questions: [yesNo('offensive', 'Is it offensive?', '¿Es ofensivo?')],
    },
  ],
  [
    'code_violation',
    {
      name: { en: 'Code violation', es: 'Infracción de código' },
      description: {
        en: 'Tall weeds, junk cars, unsafe buildings and other property problems.',
        es: 'Hierba alta, autos abandonados, edificios inseguros y otros problemas de propiedades.',
      },
      departmentCode: 'code_enforcement',
      slaBusinessDays: 15,
      locationRequired: true,
      active: true,
      position: 60,
      questions: [
        {
          key: 'kind',
          type: 'single_choice',
          label: { en: 'What kind of problem?', es: '¿Qué tipo de problema?' },
          required: true,
          options: [
            { value: 'weeds', label: { en: 'Tall weeds or grass', es: 'Hierba o pasto alto' } },
            { value: 'junk_vehicle', label: { en: 'Junk vehicle', es: 'Vehículo abandonado' } },
            { value: 'unsafe_building', label: { en: 'Unsafe building', es: 'Edificio inseguro' } },
            { value: 'other', label: { en: 'Something else', es: 'Otra cosa' } },
          ],
        },
      ],
    },
  ],
  [
    'sidewalk_damage',
    {
      name: { en: 'Damaged sidewalk', es: 'Banqueta dañada' },
      description: { en: 'A broken or lifted sidewalk.', es: 'Una banqueta rota o levantada.' },
      departmentCode: 'public_works',
      slaBusinessDays: 20,
      locationRequired: true,
      active: true,
      position: 70,
      questions: [],
    },
  ],
  [
    'illegal_dumping',
    {
      name: { en: 'Illegal dumping', es: 'Tiradero ilegal' },
      description: {
        en: 'Trash or furniture dumped on a street or lot.',
        es: 'Basura o muebles tirados en la calle o un lote.',
      },
      departmentCode: 'sanitation',
      slaBusinessDays: 5,
      locationRequired: true,
      active: true,
      position: 80,
      questions: [
        {
          key: 'items',
          type: 'number',
          label: { en: 'About how many items?', es: '¿Cuántos objetos, más o menos?' },
          required: false,
        },
      ],
    },
  ],
];

type Demo = {
  category: string;
  en: string;
  es: string;
  answers: Record<string, string | number | boolean | string[]>;
};
export const REPORTS: Demo[] = [
  {
    category: 'pothole',
    en: 'Deep pothole in front of the house, cars swerve around it.',
    es: 'Bache profundo frente a la casa, los carros se desvían.',
    answers: { size: 'large', in_traffic_lane: true },
  },
  {
    category: 'streetlight_out',
    en: 'The streetlight on the corner has been out for a week.',
    es: 'La lámpara de la esquina lleva una semana apagada.',
    answers: {},
  },
  {
    category: 'water_leak',
    en: 'Water bubbling up from the street near the curb.',
    es: 'Sale agua de la calle cerca de la banqueta.',
    answers: { source: 'street' },
  },
  {
    category: 'missed_trash',
    en: 'Trash was not picked up on Tuesday.',
    es: 'No recogieron la basura el martes.',
    answers: { containers: ['trash'] },
  },
  {
    category: 'graffiti',
    en: 'Graffiti on the bus stop shelter.',
    es: 'Grafiti en la parada del autobús.',
    answers: { offensive: false },
  },
  {
    category: 'code_violation',
    en: 'Weeds over a meter tall in the empty lot next door.',
    es: 'Hierba de más de un metro en el lote baldío de al lado.',
    answers: { kind: 'weeds' },
  },
  {
    category: 'sidewalk_damage',
    en: 'Tree roots lifted the sidewalk; my mother tripped.',
    es: 'Las raíces levantaron la banqueta; mi mamá se tropezó.',
    answers: {},
  },
  {
    category: 'illegal_dumping',
    en: 'Someone left an old sofa and mattresses by the alley.',
    es: 'Alguien dejó un sillón viejo y colchones junto al callejón.',
    answers: { items: 3 },
  },
  {
    category: 'water_leak',
    en: 'The water meter box is full of water.',
    es: 'La caja del medidor está llena de agua.',
    answers: { source: 'meter' },
  },
  {
    category: 'missed_trash',
    en: 'Recycling bin skipped again.',
    es: 'Otra vez no vaciaron el bote de reciclaje.',
    answers: { containers: ['recycling'] },
  },
  {
    category: 'pothole',
    en: 'Small pothole getting bigger after the rain.',
    es: 'Bache chico que crece con la lluvia.',
    answers: { size: 'small', in_traffic_lane: false },
  },
  {
    category: 'code_violation',
    en: 'Abandoned car with flat tires for months.',
    es: 'Carro abandonado con llantas ponchadas desde hace meses.',
    answers: { kind: 'junk_vehicle' },
  },
];

export const PROGRESS: ('submitted' | 'acknowledged' | 'in_progress' | 'closed')[] = [
  'closed',
  'in_progress',
  'acknowledged',
  'submitted',
  'closed',
  'in_progress',
  'closed',
  'submitted',
  'acknowledged',
];

export const CLOSING = {
  en: 'Fixed by our crew. Thank you for reporting it.',
  es: 'Nuestro equipo lo arregló. Gracias por reportarlo.',
};
export const NOTE = {
  en: 'A crew is scheduled to look at it this week.',
  es: 'Un equipo va a revisarlo esta semana.',
};
export const NAMES = [
  'María López',
  'James Carter',
  'Rosa Hernández',
  'Tom Nguyen',
  'Guadalupe Peña',
  'Linda Smith',
];
