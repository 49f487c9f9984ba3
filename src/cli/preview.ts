import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { toEml } from '../deliver/index.js';
import { previewDigest, type PreviewKind } from '../run/index.js';
import type { CommandContext } from './context.js';
import { oneOf, parseInstant } from './options.js';

const KINDS = ['daily', 'weekly', 'alert'] as const;
const FORMATS = ['html', 'text', 'eml'] as const;

export function registerPreview(program: Command, context: CommandContext): void {
  program
    .command('preview')
    .description('render what a subscriber would get now, without sending or recording anything')
    .argument('<email>')
    .option('--kind <kind>', 'daily | weekly | alert (default: the subscriber\'s frequency)', oneOf(KINDS, '--kind'))
    .option('--format <format>', 'html | text | eml (the complete MIME message)', oneOf(FORMATS, '--format'), 'html')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--at <iso>', 'as if it were this instant')
    .action(async (email: string, options: { kind?: PreviewKind; format: (typeof FORMATS)[number]; out?: string; at?: string }) => {
      const output = await context.withApp(async (app) => {
        const at = options.at ? parseInstant(options.at) : app.clock.now();
        const digest = await previewDigest(app, { email, kind: options.kind, at });
        const message = (await app.renderer()).render(digest);
        if (options.format === 'html') return message.html;
        if (options.format === 'text') return message.text;
        return toEml(message, { date: at });
      });
      if (options.out) {
        await writeFile(resolve(context.io.cwd, options.out), output);
        context.warn(`Wrote ${options.out}.`);
      } else {
        context.io.stdout.write(typeof output === 'string' ? output : output.toString('utf8'));
      }
    });
}
