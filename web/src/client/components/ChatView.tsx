// An open text channel or DM: its messages (newest at the bottom, older ones loading as one
// scrolls up), who is typing, and the composer.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import { has, Permission } from '../../shared/permissions';
import type { Channel, Message } from '../../shared/types';
import type { InstanceSession } from '../session';
import { Composer } from './Composer';
import { MessageItem } from './MessageItem';
import { FormError } from './FormError';

// Messages by the same author within this many ms show under one header.
const GROUP_MS = 7 * 60 * 1000;

export function ChatView({
  session,
  channel,
  paneIndex,
  onOpenChannel,
}: {
  session: InstanceSession;
  channel: Channel;
  paneIndex: number;
  onOpenChannel: (id: string) => void;
}) {
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  // While older messages load, the distance from the bottom to keep.
  const anchorFromBottom = useRef<number | null>(null);
  const state = session.messages.get(channel.id);
  const messages = state?.messages ?? [];
  const permissions = session.permissionsIn(channel.id);
  const canManage = channel.guild_id ? has(permissions, Permission.manageMessages) : false;
  const canSend = !channel.guild_id || has(permissions, Permission.sendMessages);
  const canReact = !channel.guild_id || has(permissions, Permission.addReactions);
  const canAttach = !channel.guild_id || has(permissions, Permission.attachFiles);

  useEffect(() => {
    // Loads the page again after a fresh READY dropped it, but not in a loop after a failure.
    if (!session.messages.has(channel.id) && !loadError) {
      session.loadMessages(channel.id).catch((error) => setLoadError(errorText(error)));
    }
  });

  const loadOlder = () => {
    const element = scroller.current;
    if (!element || !state || state.loading || state.reachedStart) return;
    anchorFromBottom.current = element.scrollHeight - element.scrollTop;
    session.loadMessages(channel.id, true).catch((error) => setLoadError(errorText(error)));
  };

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    if (element.scrollTop < 200) loadOlder();
  };

  // After each render: keep the view pinned to the newest message, or where it was when older
  // messages were put above it.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (anchorFromBottom.current !== null && !state?.loading) {
      element.scrollTop = element.scrollHeight - anchorFromBottom.current;
      anchorFromBottom.current = null;
    } else if (stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
    // A short history that does not fill the view cannot be scrolled: fetch more right away.
    if (state && !state.loading && !state.reachedStart && element.scrollHeight <= element.clientHeight) loadOlder();
  });

  // Images load after layout and push content down; stay at the bottom if we were there.
  const onMediaLoad = () => {
    const element = scroller.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  };

  const typing = session.typingUsers(channel.id);
  const channelLabel = channel.guild_id ? `#${session.channelName(channel)}` : `@${session.channelName(channel)}`;

  return (
    <div class="chat">
      <div class="message-scroller" ref={scroller} onScroll={onScroll} role="log" aria-label={`Messages in ${channelLabel}`} tabIndex={0}>
        {state?.reachedStart && (
          <div class="channel-start">
            <h3>Welcome to {channelLabel}</h3>
            <p>This is the start of the conversation.</p>
          </div>
        )}
        {!state?.reachedStart && state && (
          <div class="history-loader">
            <button type="button" class="link-button" onClick={loadOlder} disabled={state.loading}>
              {state.loading ? 'Loading…' : 'Load older messages'}
            </button>
          </div>
        )}
        <FormError error={loadError} />
        <ol class="message-list">
          {messages.map((message, index) => {
            const previous = messages[index - 1];
            const grouped =
              !!previous &&
              previous.author.id === message.author.id &&
              !message.message_reference &&
              new Date(message.timestamp).getTime() - new Date(previous.timestamp).getTime() < GROUP_MS;
            return (
              <MessageItem
                key={message.id}
                session={session}
                message={message}
                grouped={grouped}
                canDelete={canManage || message.author.id === session.userId}
                canReact={canReact}
                onReply={() => setReplyTo(message)}
                onOpenChannel={onOpenChannel}
                onMediaLoad={onMediaLoad}
              />
            );
          })}
        </ol>
      </div>
      <div class="typing-indicator" aria-live="polite">
        {typing.length > 0 && (
          <span>
            <span class="typing-dots" aria-hidden="true">
              •••
            </span>{' '}
            {typing.length > 3
              ? 'Several people are typing…'
              : `${typing.map((id) => session.displayName(id, channel.guild_id)).join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…`}
          </span>
        )}
      </div>
      {canSend ? (
        <Composer
          session={session}
          channel={channel}
          inputId={`message-input-${paneIndex}`}
          label={`Message ${channelLabel}`}
          replyTo={replyTo}
          canAttach={canAttach}
          onCancelReply={() => setReplyTo(null)}
          onSent={() => {
            setReplyTo(null);
            stickToBottom.current = true;
          }}
        />
      ) : (
        <p class="composer-disabled">You do not have permission to send messages in this channel.</p>
      )}
    </div>
  );
}
