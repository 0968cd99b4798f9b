import { useEffect } from 'preact/hooks';
import type { ChatState } from '../lib/panel/chat-state';
import { answerLanguage } from '../lib/panel/study-settings';
import { RUNNING_PHASES } from '../lib/panel/task-run';
import { targetPage } from '../lib/panel/target-page-state';
import { answerLayout } from '../lib/settings/languages';
import { LanguagePicker } from './LanguagePicker';
import { MarkdownOutput } from './MarkdownOutput';
import { StatusLine } from './StatusLine';
import { TaskStatus } from './TaskStatus';

export function ChatView({ chat }: { chat: ChatState }) {
  const target = targetPage.value;
  useEffect(() => {
    void chat.load(target);
  }, [target?.url]);
  const run = chat.run;
  const running = RUNNING_PHASES.includes(run.phase.value);
  const messages = chat.messages.value;
  return (
    <section class="view" aria-label="Chat about this page">
      <p class="page-title">
        {target ? (
          <>
            Talking about <strong>{chat.title.value || target.title || target.url}</strong>
          </>
        ) : (
          'No page selected: open a page in this window.'
        )}
      </p>
      {!messages.length && !chat.asking.value ? (
        <p class="muted intro">Ask anything about this page. The conversation is kept with the page, on this device.</p>
      ) : null}
      <ChatLog chat={chat} />
      <TaskStatus run={run} />
      <ChatForm chat={chat} running={running} />
      {run.stats.value && run.phase.value === 'done' ? <StatusLine stats={run.stats.value} /> : null}
      <div class="row">
        <LanguagePicker disabled={running} />
        <button type="button" disabled={!messages.length} onClick={() => chat.exportMarkdown()}>
          Export as Markdown
        </button>
        <button type="button" class="link danger" disabled={!messages.length || running} onClick={() => void chat.clear(false)}>
          Clear
        </button>
      </div>
      {chat.confirmingClear.value ? <ConfirmClear chat={chat} /> : null}
    </section>
  );
}

/** The conversation so far, then the question being answered and its answer as it streams. */
function ChatLog({ chat }: { chat: ChatState }) {
  const run = chat.run;
  const layout = answerLayout(answerLanguage(), { lang: '' });
  return (
    <ol class="chat-log">
      {chat.messages.value.map((m, i) => (
        <li key={i} class={`turn ${m.role}`}>
          {m.role === 'user' ? (
            <p dir="auto">{m.content}</p>
          ) : (
            <MarkdownOutput text={m.content} lang={layout.lang || undefined} dir={layout.lang ? layout.dir : undefined} />
          )}
        </li>
      ))}
      {chat.asking.value ? (
        <>
          <li class="turn user">
            <p dir="auto">{chat.asking.value}</p>
          </li>
          <li class="turn assistant streaming" aria-live="polite" data-updates={run.updates.value}>
            <MarkdownOutput text={run.text.value} lang={layout.lang || undefined} dir={layout.lang ? layout.dir : undefined} />
          </li>
        </>
      ) : null}
    </ol>
  );
}

/** The question box and Send. */
function ChatForm({ chat, running }: { chat: ChatState; running: boolean }) {
  return (
    <form
      class="row chat-form"
      onSubmit={(e) => {
        e.preventDefault();
        void chat.send();
      }}
    >
      <input
        name="chatQuestion"
        type="text"
        placeholder="Ask about this page…"
        value={chat.input.value}
        maxLength={4000}
        onInput={(e) => (chat.input.value = (e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" class="primary" disabled={running || !chat.input.value.trim()}>
        Send
      </button>
    </form>
  );
}

/** Asks before deleting the page's conversation. */
function ConfirmClear({ chat }: { chat: ChatState }) {
  return (
    <div class="confirm" role="alertdialog" aria-label="Clear the conversation?">
      <p>Delete this page's conversation from this device?</p>
      <div class="row">
        <button type="button" class="stop" onClick={() => void chat.clear(true)}>
          Delete it
        </button>
        <button type="button" onClick={() => (chat.confirmingClear.value = false)}>
          Keep it
        </button>
      </div>
    </div>
  );
}
