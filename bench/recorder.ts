/**
 * "The raw DynamoDB calls a route makes": every AWS call a handler sends is recorded (the low-level
 * input, after the document client's marshalling) with when it started and ended, per request. The
 * same calls are then replayed with bare clients against a mirror table that has received every
 * write the real table has, so each replayed call meets the same items and the same conditions.
 * Calls that were in flight together (Promise.all) are replayed together.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as sesv2 from '@aws-sdk/client-sesv2';

export type Service = 'dynamodb' | 'sesv2';

export interface RecordedCall {
  service: Service;
  command: string;
  input: unknown;
  start: number;
  end: number;
  /** The error's name when the call failed (a lost condition is a normal answer for some calls). */
  error?: string;
}

interface Stackable {
  middlewareStack: { add(middleware: unknown, options: { step: 'build'; name: string }): void };
}

type Sink = RecordedCall[];

export class CallRecorder {
  private readonly current = new AsyncLocalStorage<Sink>();
  /** Calls made outside any `record` (setup): replayed to the mirror untimed, to keep it in step. */
  private background: Sink = [];

  attach(client: unknown, service: Service): void {
    (client as Stackable).middlewareStack.add(
      (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName: string }) =>
        async (args: { input: unknown }) => {
          const sink = this.current.getStore() ?? this.background;
          const call: RecordedCall = {
            service,
            command: context.commandName,
            input: args.input,
            start: performance.now(),
            end: 0,
          };
          try {
            return await next(args);
          } catch (error) {
            call.error = error instanceof Error ? error.name : 'Error';
            throw error;
          } finally {
            call.end = performance.now();
            sink.push(call);
          }
        },
      { step: 'build', name: 'benchCallRecorder' },
    );
  }

  /** Runs `fn` and returns its duration and the calls it made (other concurrent requests' calls stay apart). */
  async record<T>(fn: () => Promise<T>): Promise<{ ms: number; calls: RecordedCall[]; result: T }> {
    const calls: RecordedCall[] = [];
    const start = performance.now();
    const result = await this.current.run(calls, fn);
    return { ms: performance.now() - start, calls: calls.sort((a, b) => a.start - b.start), result };
  }

  takeBackground(): RecordedCall[] {
    const calls = this.background;
    this.background = [];
    return calls.sort((a, b) => a.start - b.start);
  }
}

/** Groups calls into waves: a call joins the current wave if it began before every call in it had ended. */
export function waves(calls: readonly RecordedCall[]): RecordedCall[][] {
  const out: RecordedCall[][] = [];
  let wave: RecordedCall[] = [];
  let firstEnd = Number.POSITIVE_INFINITY;
  for (const call of calls) {
    if (wave.length > 0 && call.start >= firstEnd) {
      out.push(wave);
      wave = [];
      firstEnd = Number.POSITIVE_INFINITY;
    }
    wave.push(call);
    firstEnd = Math.min(firstEnd, call.end);
  }
  if (wave.length > 0) out.push(wave);
  return out;
}

/** Every string equal to `from` (values and keys: TransactItems, BatchGet's RequestItems) becomes `to`. */
function renameTable(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => renameTable(v, from, to));
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k === from ? to : k] = renameTable(v, from, to);
    return out;
  }
  return value;
}

type CommandClass = new (input: unknown) => object;
const commands: Record<Service, Record<string, unknown>> = { dynamodb, sesv2 };

export interface RawClients {
  dynamodb: dynamodb.DynamoDBClient;
  sesv2: sesv2.SESv2Client;
}

export class Replayer {
  /** Replayed calls whose outcome differed from the original's: the mirror fell out of step. */
  mismatches = 0;

  constructor(
    private readonly clients: RawClients,
    private readonly table: string,
    private readonly mirror: string,
  ) {}

  private async one(call: RecordedCall): Promise<void> {
    const Command = commands[call.service][call.command] as CommandClass | undefined;
    if (!Command) throw new Error(`No ${call.service} command ${call.command}`);
    const input = renameTable(call.input, this.table, this.mirror);
    const client = this.clients[call.service] as { send(command: object): Promise<unknown> };
    let error: string | undefined;
    try {
      await client.send(new Command(input));
    } catch (e) {
      error = e instanceof Error ? e.name : 'Error';
    }
    if (error !== call.error) this.mismatches++;
  }

  /** Replays one request's calls, wave by wave; returns the wall time. */
  async replay(calls: readonly RecordedCall[]): Promise<number> {
    const start = performance.now();
    for (const wave of waves(calls)) await Promise.all(wave.map((c) => this.one(c)));
    return performance.now() - start;
  }
}
