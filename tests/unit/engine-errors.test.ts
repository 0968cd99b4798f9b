/** The error every local engine throws when its runtime fails while writing an answer. */
import { describe, expect, it } from 'vitest';
import { LocusError, toErrorInfo, writingFailed } from '../../lib/errors';

describe('writingFailed', () => {
  it("names the model and keeps the runtime's message and the original error as the cause", () => {
    const cause = new Error('out of memory');
    const error = writingFailed('Qwen2.5 0.5B', cause, false);
    expect(error).toBeInstanceOf(LocusError);
    expect(error.toInfo()).toEqual({ code: 'engine-failed', message: 'Qwen2.5 0.5B failed while writing: out of memory' });
    expect(error.cause).toBe(cause);
  });

  it('reads a thrown value that is not an Error', () => {
    expect(toErrorInfo(writingFailed('SmolLM2', 'device lost', false)).message).toBe('SmolLM2 failed while writing: device lost');
  });

  it("is 'cancelled' when the run was stopped, whatever the runtime threw", () => {
    expect(writingFailed('SmolLM2', new Error('aborted by the runtime'), true).toInfo()).toEqual({
      code: 'cancelled',
      message: 'Stopped.',
    });
  });

  it('names llama.cpp\'s invalid-UTF-8 failure (wllama reads its "GLUE" header as a length) in plain words', () => {
    const cause = new Error('Invalid typed array length: 1163217991');
    expect(writingFailed('SmolLM2', cause, false).toInfo()).toEqual({
      code: 'unreadable-output',
      message: 'SmolLM2 wrote text Locus could not read. Try again, or pick another model in Models.',
    });
    expect(writingFailed('SmolLM2', new Error('Invalid typed array length: 4096'), false).code).toBe('engine-failed');
    expect(writingFailed('SmolLM2', cause, true).code).toBe('cancelled');
  });
});
