// The CJK font of the PDF (and of the screenshots of the Word file): Noto Serif SC (思源宋体), the
// static TrueType files of the npm package @expo-google-fonts/noto-serif-sc (SIL Open Font
// License), Regular for text and Bold for titles. Resolved from node_modules, so it works from the
// sources and from the esbuild bundle alike (packages stay external there).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export type FontWeight = 'regular' | 'bold';
const files: Record<FontWeight, string> = {
  regular: '400Regular/NotoSerifSC_400Regular.ttf',
  bold: '700Bold/NotoSerifSC_700Bold.ttf',
};

let dir: string | null = null;
export function cjkFontPath(weight: FontWeight): string {
  dir ??= path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
  return path.join(dir, files[weight]);
}
