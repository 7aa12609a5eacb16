// One message: author, time, markdown content, the message it replies to, attachments (images
// previewed), reactions, and the actions one may take on it (reply, react, edit, delete).
import { useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import type { Attachment, Message } from '../../shared/types';
import { Markdown, type MarkdownContext } from '../markdown';
import { isImage, type InstanceSession } from '../session';
import { Avatar } from './Avatar';
import { ReactionPicker } from './ReactionPicker';
import { Icon, type IconName } from './Icon';
import { FormError } from './FormError';

function formatTime(timestamp: string): string {
  const date = new Date(timestamp);
  const today = new Date();
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === today.toDateString()) return `Today at ${time}`;
  return `${date.toLocaleDateString()} ${time}`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const SYSTEM_MESSAGES: Record<number, (name: string) => string> = {
  1: (name) => `${name} added someone to the group.`,
  2: (name) => `${name} removed someone from the group.`,
  4: (name) => `${name} changed the channel name.`,
  5: (name) => `${name} changed the channel icon.`,
  6: (name) => `${name} pinned a message to this channel.`,
  7: (name) => `${name} joined the guild.`,
};

export function markdownContext(session: InstanceSession, guildId: string | undefined, openChannel?: (id: string) => void): MarkdownContext {
  return {
    userName: (id) => session.displayName(id, guildId),
    role: (id) => {
      const role = guildId ? session.guilds.get(guildId)?.roles.get(id) : undefined;
      return role ? { name: role.name, color: role.color ? `#${role.color.toString(16).padStart(6, '0')}` : undefined } : undefined;
    },
    channelName: (id) => {
      const channel = session.channels.get(id);
      return channel ? session.channelName(channel) : undefined;
    },
    emojiUrl: (id, animated) => session.emojiUrl(id, animated),
    openChannel,
  };
}

function AttachmentView({ attachment, onLoad }: { attachment: Attachment; onLoad: () => void }) {
  if (isImage(attachment)) {
    const width = attachment.width ?? undefined;
    const height = attachment.height ?? undefined;
    return (
      <a class="attachment-image" href={attachment.url} target="_blank" rel="noopener noreferrer">
        <img
          src={attachment.proxy_url || attachment.url}
          alt={attachment.filename}
          width={width}
          height={height}
          loading="lazy"
          onLoad={onLoad}
          style={width && height ? { aspectRatio: `${width} / ${height}` } : undefined}
        />
      </a>
    );
  }
  return (
    <a class="attachment-file" href={attachment.url} target="_blank" rel="noopener noreferrer" download={attachment.filename}>
      <Icon name="file" size={18} /> {attachment.filename} <span class="hint">({formatSize(attachment.size)})</span>
    </a>
  );
}

// One of the icon buttons in a message's toolbar, named by `label` (`title` is its tooltip).
function MessageActionButton({
  icon,
  label,
  title,
  danger = false,
  expanded,
  onClick,
}: {
  icon: IconName;
  label: string;
  title: string;
  danger?: boolean;
  expanded?: boolean; // for a button that opens something next to it
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      class={danger ? 'icon-button danger' : 'icon-button'}
      aria-label={label}
      title={title}
      aria-expanded={expanded}
      onClick={onClick}
    >
      <Icon name={icon} size={18} />
    </button>
  );
}

export function MessageItem({
  session,
  message,
  grouped,
  canDelete,
  canReact,
  onReply,
  onOpenChannel,
  onMediaLoad,
}: {
  session: InstanceSession;
  message: Message;
  grouped: boolean;
  canDelete: boolean;
  canReact: boolean;
  onReply: () => void;
  onOpenChannel: (id: string) => void;
  onMediaLoad: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guildId = message.guild_id ?? session.channels.get(message.channel_id)?.guild_id;
  const mine = message.author.id === session.userId;
  const name = session.displayName(message.author.id, guildId);
  const color = session.roleColor(guildId, message.author.id);
  const context = markdownContext(session, guildId, onOpenChannel);
  const referenced = message.referenced_message;
  const run = (work: Promise<unknown>) => work.catch((caught) => setError(errorText(caught)));

  // Join messages and the like: one line, no actions but reactions.
  const systemText = SYSTEM_MESSAGES[message.type];
  if (systemText) {
    return (
      <li class="message system" data-message-id={message.id}>
        <article aria-label={`${systemText(name)}, ${formatTime(message.timestamp)}`}>
          <span class="system-icon">
            <Icon name="join" size={18} />
          </span>
          <div class="message-body">
            {systemText(name)}{' '}
            <time class="message-time" dateTime={message.timestamp}>
              {formatTime(message.timestamp)}
            </time>
          </div>
        </article>
      </li>
    );
  }

  const saveEdit = () => {
    const content = draft.trim();
    if (!content) return;
    run(session.editMessage(message, content).then(() => setEditing(false)));
  };

  return (
    <li class={`message${grouped ? ' grouped' : ''}${mine ? ' mine' : ''}`} data-message-id={message.id}>
      <article aria-label={`${name}, ${formatTime(message.timestamp)}`}>
        {message.message_reference && (
          <div class="reply-preview">
            <Icon name="reply" size={14} />{' '}
            {referenced ? (
              <>
                <span class="reply-author">@{session.displayName(referenced.author.id, guildId)}</span>{' '}
                <span class="reply-content">{referenced.content.slice(0, 120) || (referenced.attachments.length ? 'Attachment' : '')}</span>
              </>
            ) : (
              <span class="hint">Original message was deleted</span>
            )}
          </div>
        )}
        {!grouped && (
          <div class="message-avatar">
            <Avatar name={name} url={session.avatarUrl(message.author)} size={40} />
          </div>
        )}
        <div class="message-body">
          {!grouped && (
            <header class="message-header">
              <span class="message-author" style={color ? { color } : undefined}>
                {name}
              </span>
              {message.author.bot && <span class="bot-tag">BOT</span>}
              <time class="message-time" dateTime={message.timestamp}>
                {formatTime(message.timestamp)}
              </time>
            </header>
          )}
          {editing ? (
            <div class="message-edit">
              <label class="visually-hidden" for={`edit-${message.id}`}>
                Edit message
              </label>
              <textarea
                id={`edit-${message.id}`}
                value={draft}
                autoFocus
                rows={Math.min(8, draft.split('\n').length + 1)}
                onInput={(event) => setDraft(event.currentTarget.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && !event.shiftKey) {
                    event.preventDefault();
                    saveEdit();
                  } else if (event.key === 'Escape') {
                    setEditing(false);
                  }
                }}
              />
              <div class="message-edit-actions">
                <button type="button" onClick={() => setEditing(false)}>
                  Cancel
                </button>
                <button type="button" class="primary" onClick={saveEdit}>
                  Save
                </button>
              </div>
            </div>
          ) : (
            message.content && (
              <div class="message-content">
                <Markdown source={message.content} context={context} />
                {message.edited_timestamp && (
                  <span class="edited" title={formatTime(message.edited_timestamp)}>
                    {' '}
                    (edited)
                  </span>
                )}
              </div>
            )
          )}
          {message.attachments.length > 0 && (
            <div class="attachments">
              {message.attachments.map((attachment) => (
                <AttachmentView key={attachment.id} attachment={attachment} onLoad={onMediaLoad} />
              ))}
            </div>
          )}
          {(message.reactions?.length ?? 0) > 0 && (
            <div class="reactions" role="group" aria-label="Reactions">
              {message.reactions!.map((reaction) => {
                const label = reaction.emoji.id ? `:${reaction.emoji.name}:` : (reaction.emoji.name ?? '');
                return (
                  <button
                    type="button"
                    key={reaction.emoji.id ?? reaction.emoji.name}
                    class={`reaction${reaction.me ? ' me' : ''}`}
                    aria-pressed={reaction.me}
                    aria-label={`${label} ${reaction.count} ${reaction.count === 1 ? 'reaction' : 'reactions'}${reaction.me ? ', including yours' : ''}`}
                    disabled={!canReact && !reaction.me}
                    onClick={() => run(session.toggleReaction(message, reaction.emoji))}
                  >
                    {reaction.emoji.id ? (
                      <img class="custom-emoji" src={session.emojiUrl(reaction.emoji.id, reaction.emoji.animated)} alt={label} width={18} height={18} />
                    ) : (
                      <span aria-hidden="true">{reaction.emoji.name}</span>
                    )}
                    <span class="reaction-count" aria-hidden="true">
                      {reaction.count}
                    </span>
                  </button>
                );
              })}
            </div>
          )}
          <FormError error={error} />
        </div>
        <div class="message-actions" role="toolbar" aria-label={`Actions for message from ${name}`}>
          <MessageActionButton icon="reply" label="Reply" title="Reply" onClick={onReply} />
          {canReact && (
            <MessageActionButton icon="smile" label="Add reaction" title="Add reaction" expanded={picking} onClick={() => setPicking(!picking)} />
          )}
          {mine && !editing && (
            <MessageActionButton
              icon="edit"
              label="Edit message"
              title="Edit"
              onClick={() => {
                setDraft(message.content);
                setEditing(true);
              }}
            />
          )}
          {canDelete && (
            <MessageActionButton
              icon="trash"
              label="Delete message"
              title="Delete"
              danger
              onClick={() => {
                if (window.confirm('Delete this message?')) run(session.deleteMessage(message));
              }}
            />
          )}
        </div>
        {picking && (
          <ReactionPicker
            onPick={(emoji) => {
              setPicking(false);
              const existing = message.reactions?.find((reaction) => !reaction.emoji.id && reaction.emoji.name === emoji);
              if (!existing?.me) run(session.toggleReaction(message, { id: null, name: emoji }));
            }}
            onClose={() => setPicking(false)}
          />
        )}
      </article>
    </li>
  );
}
