import readline from 'node:readline';

/**
 * Reads a password: from piped stdin (first line) for scripts, or from the terminal without
 * echoing it for a person at a keyboard.
 */
export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
  }
  process.stdout.write(prompt);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Swallow the echo of typed characters.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}
