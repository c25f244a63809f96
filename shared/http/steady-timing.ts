/**
 * Answers no sooner than a fixed time after the work began, so that how long an answer takes says
 * nothing about which path produced it. The return endpoint uses it: recognising a client writes a
 * return request, a stranger goes through first contact, and those take measurably different times
 * (about 80 vs 95 ms on a busy test machine) — enough to tell, by timing alone, whether a person is
 * someone's client. The floor is well above both, and far below what a person would notice.
 */
export const steadyAnswerMs = 250;

export async function answerNoSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const wait = floorMs - (performance.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return result;
}
