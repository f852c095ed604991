// PRG-2: the five seeds shipped as presets a new programme can start from.
import {
  lastDayOfMonth,
  type InstantiatedPreset,
  type PresetCode,
  type ProgrammePreset,
  type Stage,
} from '../programme/programme.types.js';
import { presetNingxia } from './000-ningxia.js';
import { presetShandong } from './001-shandong.js';
import { presetChengdu } from './002-chengdu.js';
import { presetYiyang } from './003-yiyang.js';
import { presetDeyang } from './004-deyang.js';

export { presetNingxia, presetShandong, presetChengdu, presetYiyang, presetDeyang };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** All presets, ordered by code. Frozen: copy with `instantiatePreset` before changing anything. */
export const presets: readonly ProgrammePreset[] = deepFreeze(
  [presetNingxia, presetShandong, presetChengdu, presetYiyang, presetDeyang].sort((a, b) => a.code.localeCompare(b.code)),
);

/** The preset with this code ('000'…'004'), or undefined. */
export function getPreset(code: PresetCode | string): ProgrammePreset | undefined {
  return presets.find((p) => p.code === code);
}

export const MIN_PROGRAMME_YEAR = 2000;
export const MAX_PROGRAMME_YEAR = 2100;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Turns a preset into what a new programme starts from: stages with ISO dates in `year`
 * (a stage's `yearOffset` moves it into a later year; a missing `startDay` is the 1st, a missing
 * `endDay` the month's last day), and copies of the categories and parameters that the caller may
 * change freely. Throws a RangeError for a year outside 2000–2100.
 */
export function instantiatePreset(preset: ProgrammePreset, year: number): InstantiatedPreset {
  if (!Number.isInteger(year) || year < MIN_PROGRAMME_YEAR || year > MAX_PROGRAMME_YEAR) {
    throw new RangeError(`年份应为 ${MIN_PROGRAMME_YEAR}—${MAX_PROGRAMME_YEAR} 之间的整数`);
  }
  const stages: Stage[] = preset.stages.map((s) => {
    const y = year + (s.yearOffset ?? 0);
    const startDay = Math.min(s.startDay ?? 1, lastDayOfMonth(y, s.startMonth));
    const endDay = Math.min(s.endDay ?? 31, lastDayOfMonth(y, s.endMonth));
    const stage: Stage = {
      code: s.code,
      name: s.name,
      startsOn: `${pad(y, 4)}-${pad(s.startMonth)}-${pad(startDay)}`,
      endsOn: `${pad(y, 4)}-${pad(s.endMonth)}-${pad(endDay)}`,
    };
    if (s.description) stage.description = s.description;
    return stage;
  });
  return {
    kind: preset.kind,
    stages,
    categories: structuredClone(preset.categories),
    parameters: structuredClone(preset.parameters),
  };
}
