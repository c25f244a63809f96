/**
 * The failures metric as the code emits it (embedded metric format on stdout) is the metric the
 * alarm reads: the same name, namespace and dimensions (test/infra/stacks.test.ts checks the alarm).
 */
import { describe, expect, it } from 'vitest';
import { failuresMetric, metricsNamespace } from '#shared/failures-metric.js';
import { countFailures } from '#shared/metrics.js';
import { captureLogs } from '#test/support/capture-logs.js';

interface Emf {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

function emitted(weight: number, env: NodeJS.ProcessEnv): Emf[] {
  const logs = captureLogs();
  try {
    countFailures(weight, env);
  } finally {
    logs.stop();
  }
  return logs.lines
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Emf);
}

describe('the failures metric', () => {
  it('is written as one EMF line with the name, namespace and dimension the alarm reads', () => {
    const [line, ...rest] = emitted(failuresMetric.atOnce, { POWERTOOLS_METRICS_NAMESPACE: metricsNamespace('dev') });
    expect(rest).toEqual([]);
    const [directive] = line!._aws.CloudWatchMetrics;
    expect(directive).toEqual({
      Namespace: 'Threshold/dev',
      Dimensions: [['service']],
      Metrics: [{ Name: 'Failures', Unit: 'Count' }],
    });
    expect(line).toMatchObject({ Failures: 3, service: 'threshold' });
    expect({ name: directive!.Metrics[0]!.Name, service: line!.service }).toEqual({
      name: failuresMetric.name,
      service: failuresMetric.dimensions.service,
    });
  });

  it('carries nothing but the count and its dimension', () => {
    const [line] = emitted(1, { POWERTOOLS_METRICS_NAMESPACE: 'Threshold/dev' });
    expect(Object.keys(line!).sort()).toEqual(['Failures', '_aws', 'service']);
  });

  it('writes nothing where no namespace is set (the local stack), or for nothing to count', () => {
    expect(emitted(3, {})).toEqual([]);
    expect(emitted(0, { POWERTOOLS_METRICS_NAMESPACE: 'Threshold/dev' })).toEqual([]);
  });
});
