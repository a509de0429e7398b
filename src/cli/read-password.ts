import { createInterface } from 'node:readline';

/** Reads a password: prompted without echo on a terminal, otherwise the first line of stdin. */
export async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let data = '';
    for await (const chunk of input) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input, output: process.stderr, terminal: true });
  // Hide the typed characters: the interface writes through _writeToOutput.
  const muted = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let prompted = false;
  muted._writeToOutput = (s: string) => {
    if (!prompted) muted.output.write(s);
  };
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    prompted = true;
  });
}
