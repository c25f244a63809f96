/**
 * Everything written to stdout, stderr and the console while a test runs, swallowed so the run stays
 * quiet. Privacy tests read it to show that no name, address, message or token is ever logged.
 */
import { vi } from 'vitest';

export interface LogCapture {
  lines: string[];
  text(): string;
  stop(): void;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const push = (...args: unknown[]) =>
    void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (push(String(chunk)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (push(String(chunk)), true)),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(push),
    ),
  ];
  return { lines, text: () => lines.join('\n'), stop: () => spies.forEach((s) => s.mockRestore()) };
}
