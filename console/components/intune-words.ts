import { ApiError } from '../api.js';

/**
 * Intune's refusals carry their words in a JSON envelope inside Graph's `message` (`{"_version": 3, "Message":
 * "The resetPasscode action is not supported on this device: …"}`, docs/graph-fidelity.md#intune-message-format): the
 * console shows that `Message`, the words an admin reads, and keeps Graph's code.
 */
export function intuneWords(error: Error): Error {
  if (!(error instanceof ApiError) || !error.message.trimStart().startsWith('{')) return error;
  try {
    const inner = JSON.parse(error.message) as { Message?: unknown };
    return typeof inner.Message === 'string' ? new ApiError(error.status, error.code, inner.Message, error.details) : error;
  } catch {
    return error;
  }
}
