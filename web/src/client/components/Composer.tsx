// Writing a message: text (Enter sends, Shift+Enter breaks the line), files to attach with a
// preview of images and a progress bar while they upload, and the message being replied to.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorText } from '../../shared/http';
import type { Channel, Message } from '../../shared/types';
import type { InstanceSession } from '../session';
import { Icon } from './Icon';
import { FormError } from './FormError';

function FilePreview({ file, onRemove }: { file: File; onRemove: () => void }) {
  const url = useMemo(() => (file.type.startsWith('image/') ? URL.createObjectURL(file) : null), [file]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return (
    <li class="pending-file">
      {url ? <img src={url} alt="" width={64} height={64} /> : <span class="pending-file-icon"><Icon name="file" size={40} /></span>}
      <span class="pending-file-name">{file.name}</span>
      <button type="button" class="icon-button" aria-label={`Remove ${file.name}`} onClick={onRemove}>
        <Icon name="close" size={16} />
      </button>
    </li>
  );
}

export function Composer({
  session,
  channel,
  inputId,
  label,
  replyTo,
  canAttach,
  onCancelReply,
  onSent,
}: {
  session: InstanceSession;
  channel: Channel;
  inputId: string;
  label: string;
  replyTo: Message | null;
  canAttach: boolean;
  onCancelReply: () => void;
  onSent: () => void;
}) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploads = session.uploads.filter((upload) => upload.channelId === channel.id);

  useEffect(() => {
    if (replyTo) input.current?.focus();
  }, [replyTo]);

  async function send() {
    const content = text.trim();
    if ((!content && !files.length) || sending) return;
    setError(null);
    setSending(true);
    const sentFiles = files;
    // Clear at once so the person can keep typing; put back on failure.
    setText('');
    setFiles([]);
    try {
      if (sentFiles.length) await session.sendFiles(channel.id, sentFiles, content, replyTo?.id);
      else await session.sendMessage(channel.id, content, replyTo?.id);
      onSent();
    } catch (caught) {
      setError(errorText(caught));
      setText(content);
      setFiles(sentFiles);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  }

  const replyName = replyTo ? session.displayName(replyTo.author.id, channel.guild_id) : '';

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {replyTo && (
        <div class="composer-reply">
          <span>
            Replying to <strong>{replyName}</strong>
          </span>
          <button type="button" class="icon-button" aria-label="Cancel reply" onClick={onCancelReply}>
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
      {files.length > 0 && (
        <ul class="pending-files" aria-label="Files to send">
          {files.map((file, index) => (
            <FilePreview key={`${file.name}-${index}`} file={file} onRemove={() => setFiles(files.filter((_, i) => i !== index))} />
          ))}
        </ul>
      )}
      {uploads.map((upload) => (
        <div class="upload-progress" key={upload.id}>
          <label for={`upload-${upload.id}`}>
            {upload.error ? `Upload of ${upload.filename} failed: ${upload.error}` : `Uploading ${upload.filename}`}
          </label>
          <progress id={`upload-${upload.id}`} max={upload.total || 1} value={upload.loaded} />
          {upload.error && (
            <button type="button" class="link-button" onClick={() => session.dismissUpload(upload.id)}>
              Dismiss
            </button>
          )}
        </div>
      ))}
      <FormError error={error} />
      <div class="composer-row">
        {canAttach && (
          <>
            <input
              ref={fileInput}
              id={`${inputId}-files`}
              type="file"
              multiple
              class="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(event) => {
                const chosen = [...(event.currentTarget.files ?? [])];
                if (chosen.length) setFiles([...files, ...chosen].slice(0, 10));
                event.currentTarget.value = '';
              }}
            />
            <button type="button" class="icon-button attach-button" aria-label="Attach files" title="Attach files" onClick={() => fileInput.current?.click()}>
              <Icon name="paperclip" />
            </button>
          </>
        )}
        <label class="visually-hidden" for={inputId}>
          {label}
        </label>
        <textarea
          ref={input}
          id={inputId}
          class="composer-input"
          rows={1}
          placeholder={label}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            if (event.currentTarget.value) session.startTyping(channel.id);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              send();
            } else if (event.key === 'Escape' && replyTo) {
              onCancelReply();
            }
          }}
          onPaste={(event) => {
            const pasted = [...(event.clipboardData?.files ?? [])];
            if (pasted.length && canAttach) {
              event.preventDefault();
              setFiles([...files, ...pasted].slice(0, 10));
            }
          }}
        />
        <button type="submit" class="primary send-button" disabled={sending && !files.length}>
          Send
        </button>
      </div>
    </form>
  );
}
