import type { App } from '../app.js';
import type { DeliveryJob } from '../deliver/index.js';
import { loadDigest } from '../store/index.js';

/**
 * The delivery of an edition planned earlier, from its digest as stored
 * (rendered when sent, and again for a retry): what a run's resend, a worker
 * and `deliveries retry` send. Null when the edition or its digest is gone.
 */
export async function storedJob(app: App, id: number, options: { claimed?: boolean } = {}): Promise<DeliveryJob | null> {
  const loaded = await loadDigest(app.db, id);
  if (!loaded) return null;
  const { edition, digest } = loaded;
  return { editionId: id, subscriberId: edition.subscriberId, email: edition.email, digest, ...(options.claimed ? { claimed: true } : {}) };
}
