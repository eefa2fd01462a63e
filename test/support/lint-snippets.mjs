// Lints snippets as if they were project files, with the project's real ESLint config.
// Runs in its own process because ESLint loads its flat config with a dynamic import, which
// jest's CommonJS runtime cannot do. Input (stdin): [[file, code], ...]; output: messages per case.
import path from 'node:path';
import { ESLint } from 'eslint';

const root = process.argv[2];
const cases = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk));
  process.stdin.on('end', () => resolve(text));
}));
const eslint = new ESLint({ cwd: root });
const output = [];
for (const [file, code] of cases) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  output.push(result.messages.filter((m) => m.ruleId === 'project/dependency-direction').map((m) => m.message));
}
process.stdout.write(JSON.stringify(output));
