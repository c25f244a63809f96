/**
 * Just enough of IAM's policy evaluation to ask a synthesized role "is this request allowed?": Allow
 * statements only (the roles hold no Deny), actions and resources with `*` wildcards, and the
 * String and Arn condition operators the stacks use. Template intrinsics are resolved with fixed
 * pseudo parameters, so a test reads a statement as it would stand in an account.
 */
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface Request {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

export const pseudo = {
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-2',
  'AWS::URLSuffix': 'amazonaws.com',
} as const;

/** How `resolve` writes another stack's output (Fn::GetStackOutput, the app's weak references): a test names the producer's output the same way. */
export const stackOutput = (stackName: string, outputName: string): string => `{{${stackName}.${outputName}}}`;

/** A template value as a string: literals, Refs to pseudo parameters, Fn::Join of those, another stack's output; anything else throws. */
export function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const output = v['Fn::GetStackOutput'] as { StackName?: unknown; OutputName?: unknown } | undefined;
    if (output && typeof output.StackName === 'string' && typeof output.OutputName === 'string')
      return stackOutput(output.StackName, output.OutputName);
    if (typeof v.Ref === 'string' && v.Ref in pseudo) return pseudo[v.Ref as keyof typeof pseudo];
    if (Array.isArray(v['Fn::Join'])) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)} offline`);
}

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function conditionHolds(condition: Statement['Condition'], context: Record<string, string>): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key];
      if (actual === undefined) return false;
      const values = list(expected).map(resolve);
      const ok =
        operator === 'StringEquals'
          ? values.includes(actual)
          : operator === 'StringLike' || operator === 'ArnLike'
            ? values.some((p) => glob(p).test(actual))
            : operator === 'ArnEquals'
              ? values.includes(actual)
              : (() => {
                  throw new Error(`operator ${operator} is not modelled`);
                })();
      if (!ok) return false;
    }
  }
  return true;
}

/** True when some Allow statement covers the action on the resource and its conditions hold for the context. */
export function allows(statements: readonly Statement[], request: Request): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).some((a) => glob(a).test(request.action)) &&
      list(s.Resource).some((r) => glob(resolve(r)).test(request.resource)) &&
      conditionHolds(s.Condition, request.context ?? {}),
  );
}
