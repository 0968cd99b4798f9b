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
import { VideoSeekNote, VideoTimes } from './VideoTimes';
import { t } from '../lib/i18n/t';

export function ChatView({ chat }: { chat: ChatState }) {
  const target = targetPage.value;
  useEffect(() => {
    void chat.load(target);
  }, [target?.url]);
  const run = chat.run;
  const running = RUNNING_PHASES.includes(run.phase.value);
  const messages = chat.messages.value;
  return (
    <section class="view" aria-label={t('chat_label')}>
      <p class="page-title">{target ? <TalkingAbout title={chat.title.value || target.title || target.url} /> : t('common_noPage')}</p>
      {!messages.length && !chat.asking.value ? <p class="muted intro">{t('chat_intro')}</p> : null}
      <ChatLog chat={chat} />
      <VideoSeekNote url={chat.url.value} />
      <TaskStatus run={run} />
      <ChatForm chat={chat} running={running} />
      {run.stats.value && run.phase.value === 'done' ? <StatusLine stats={run.stats.value} /> : null}
      <div class="row">
        <LanguagePicker disabled={running} />
        <button type="button" disabled={!messages.length} onClick={() => chat.exportMarkdown()}>
          {t('common_exportMarkdown')}
        </button>
        <button type="button" class="link danger" disabled={!messages.length || running} onClick={() => void chat.clear(false)}>
          {t('chat_clear')}
        </button>
      </div>
      {chat.confirmingClear.value ? <ConfirmClear chat={chat} /> : null}
    </section>
  );
}

/** "Talking about <title>" (the title in bold, wherever the language puts it). */
function TalkingAbout({ title }: { title: string }) {
  const [before, after] = t('chat_talkingAbout', '\u0000').split('\u0000');
  return (
    <>
      {before}
      <strong>{title}</strong>
      {after}
    </>
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
            <VideoTimes url={chat.url.value} text={m.content}>
              <MarkdownOutput text={m.content} lang={layout.lang || undefined} dir={layout.lang ? layout.dir : undefined} />
            </VideoTimes>
          )}
        </li>
      ))}
      {chat.asking.value ? (
        <>
          <li class="turn user">
            <p dir="auto">{chat.asking.value}</p>
          </li>
          <li class="turn assistant streaming" aria-live="polite" data-updates={run.updates.value}>
            <VideoTimes url={chat.url.value} text={run.text.value}>
              <MarkdownOutput text={run.text.value} lang={layout.lang || undefined} dir={layout.lang ? layout.dir : undefined} />
            </VideoTimes>
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
        placeholder={t('chat_placeholder')}
        value={chat.input.value}
        maxLength={4000}
        onInput={(e) => (chat.input.value = (e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" class="primary" disabled={running || !chat.input.value.trim()}>
        {t('chat_send')}
      </button>
    </form>
  );
}

/** Asks before deleting the page's conversation. */
function ConfirmClear({ chat }: { chat: ChatState }) {
  return (
    <div class="confirm" role="alertdialog" aria-label={t('chat_clearLabel')}>
      <p>{t('chat_clearQuestion')}</p>
      <div class="row">
        <button type="button" class="stop" onClick={() => void chat.clear(true)}>
          {t('chat_deleteIt')}
        </button>
        <button type="button" onClick={() => (chat.confirmingClear.value = false)}>
          {t('chat_keepIt')}
        </button>
      </div>
    </div>
  );
}
