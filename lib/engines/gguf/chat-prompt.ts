/**
 * The model's chat template (the GGUF's `tokenizer.chat_template`, a Jinja template) rendered to the
 * text prompt llama.cpp receives. Locus renders it itself, with the Jinja engine transformers.js uses,
 * so that the text it counts is the text it sends, byte for byte (what lets llama.cpp reuse the
 * cached prefix of a previous prompt).
 */
import { Template } from '@huggingface/jinja';
import type { ChatMessage } from '../../engine-api/engine';
import type { GgufTokenizerFacts } from './gguf-tokenizer';

/** llama.cpp's own fallback when a model carries no template. */
const CHATML =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export class ChatPromptRenderer {
  readonly #template: Template;

  constructor(private readonly facts: GgufTokenizerFacts) {
    this.#template = new Template(facts.chatTemplate ?? CHATML);
  }

  /**
   * The prompt text for `messages`, ready for the assistant's turn. A BOS the template writes is
   * dropped when llama.cpp adds one itself while tokenizing (as its own chat code does), so that
   * the model never sees two.
   */
  render(messages: ChatMessage[]): string {
    let text = this.#template.render({
      messages,
      add_generation_prompt: true,
      bos_token: this.facts.bosText,
      eos_token: this.facts.eosText,
    });
    if (this.facts.addBos && this.facts.bosText && text.startsWith(this.facts.bosText)) text = text.slice(this.facts.bosText.length);
    if (this.facts.addEos && this.facts.eosText && text.endsWith(this.facts.eosText)) text = text.slice(0, -this.facts.eosText.length);
    return text;
  }
}
