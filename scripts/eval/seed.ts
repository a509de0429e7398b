import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalSet, LoadOptions } from './types.js';

const SEED = '000_c6a78940a3395d3e.txt';
const seedPath = (o: LoadOptions) => join(o.shared, 'seed', SEED);

/**
 * The seed story's body as a reader sees it: the lines between the headline and the rule, without the
 * dateline-and-bylines opening of the lead and with the -'...'- marks taken off the crossheads.
 */
function seedBody(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const rule = lines.findIndex((l) => /^-{10,}$/.test(l));
  return lines
    .slice(1, rule === -1 ? undefined : rule)
    .filter((l) => l !== '')
    .map((l) => l.replace(/^SOCHI, RUSSIA, Jo Biddle in Sochi with Anna Smolchenko in Moscow-\s*/, '').replace(/^-'(.*)'-$/, '$1'))
    .join('\n');
}

/** The seed document, with its fields written out by hand. */
export const seedSet: EvalSet = {
  name: 'seed',
  path: seedPath,
  load: (o) => {
    const path = seedPath(o);
    const text = readFileSync(path, 'utf8');
    const count = (type: string) => (a: { body: { type: string }[] }) => a.body.filter((b) => b.type === type).length;
    return {
      rows: ['seed document'],
      notes: [],
      cases: [
        {
          id: SEED,
          rows: ['seed document'],
          fileKey: path,
          fileName: SEED,
          bytes: () => readFileSync(path),
          truth: {
            headline: ["Kerry holds 'frank' talks with Putin in bid to improve ties"],
            bylines: ['Jo Biddle', 'Anna Smolchenko'],
            dateline: 'SOCHI, RUSSIA',
            dates: ['2015-05-13'],
            body: seedBody(text),
            checks: [
              { name: 'seed: dateline text is "SOCHI, RUSSIA"', test: (a) => a.dateline?.text === 'SOCHI, RUSSIA' },
              {
                name: 'seed: bylines Jo Biddle (Sochi), Anna Smolchenko (Moscow)',
                test: (a) =>
                  a.bylines.length === 2 &&
                  a.bylines[0]?.name === 'Jo Biddle' && a.bylines[0].location === 'Sochi' &&
                  a.bylines[1]?.name === 'Anna Smolchenko' && a.bylines[1].location === 'Moscow',
              },
              { name: 'seed: 27 paragraphs', test: (a) => count('paragraph')(a) === 27 },
              { name: 'seed: 2 crossheads', test: (a) => count('crosshead')(a) === 2 },
              { name: 'seed: no other blocks', test: (a) => a.body.length === 29 },
            ],
          },
        },
      ],
    };
  },
};
