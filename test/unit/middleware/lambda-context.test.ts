/** Every log line of an invocation carries its Lambda request id, and the event is never logged. */
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '#shared/middleware/lambda-context.js';
import { captureLogs } from '#test/support/capture-logs.js';
import { lambdaContext as contextOf } from '#test/support/driver.js';

afterEach(() => delete process.env.POWERTOOLS_LOGGER_LOG_EVENT);

function run(event: unknown, context: Parameters<ReturnType<typeof middy>>[1] | undefined) {
  const logger = new Logger({ serviceName: 'threshold-test' });
  const handler = middy()
    .use(lambdaContext(() => logger))
    .handler(async () => logger.info('request', { outcome: 'ok' }));
  const logs = captureLogs();
  return handler(event, context as never)
    .finally(() => logs.stop())
    .then(() =>
      logs.lines
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );
}

describe('the Lambda context middleware', () => {
  it('puts the request id, the function and the cold start on each log line', async () => {
    const context = contextOf('sweep');
    const [line] = await run({}, context);
    expect(line).toMatchObject({
      message: 'request',
      function_request_id: context.awsRequestId,
      function_name: 'sweep',
      cold_start: expect.any(Boolean),
    });
  });

  it('gives each invocation its own request id', async () => {
    const a = contextOf('sweep');
    const b = contextOf('sweep');
    const logger = new Logger({ serviceName: 'threshold-test' });
    const handler = middy()
      .use(lambdaContext(() => logger))
      .handler(async () => logger.info('x'));
    const logs = captureLogs();
    await handler({}, a)
      .then(() => handler({}, b))
      .finally(() => logs.stop());
    const ids = logs.lines.map((l) => (JSON.parse(l) as Record<string, unknown>).function_request_id);
    expect(ids).toEqual([a.awsRequestId, b.awsRequestId]);
  });

  it('never logs the event, even when POWERTOOLS_LOGGER_LOG_EVENT asks (events hold names and messages)', async () => {
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
    const lines = await run({ body: 'Dear Sam, I am struggling' }, contextOf('enquiries'));
    expect(JSON.stringify(lines)).not.toContain('struggling');
  });

  it('lets an invocation without a context through (tests, the local stack)', async () => {
    const [line] = await run({}, undefined);
    expect(line).toMatchObject({ message: 'request' });
    expect(line).not.toHaveProperty('function_request_id');
  });
});
