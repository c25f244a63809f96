/**
 * Emits the failures metric (shared/failures-metric.ts) in CloudWatch's embedded metric format: one
 * JSON line on stdout, which Lambda's log pipeline turns into the metric. Without
 * POWERTOOLS_METRICS_NAMESPACE (the local stack, most tests) nothing is written, as nothing would read it.
 * Each count is published at once: failures are rare, and a line per failure survives a timeout that a
 * flush at the end of the invocation would not.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { failuresMetric } from './failures-metric.js';

const byNamespace = new Map<string, Metrics>();

export function countFailures(weight: number, env: NodeJS.ProcessEnv = process.env): void {
  const namespace = env.POWERTOOLS_METRICS_NAMESPACE;
  if (!namespace || weight <= 0) return;
  let metrics = byNamespace.get(namespace);
  if (!metrics) {
    metrics = new Metrics({ namespace, serviceName: failuresMetric.dimensions.service });
    byNamespace.set(namespace, metrics);
  }
  metrics.addMetric(failuresMetric.name, MetricUnit.Count, weight);
  metrics.publishStoredMetrics();
}
