// The result of the last action. The status region is always in the page so screen readers announce
// what appears in it; failures are alerts.
export interface NoticeMessage {
  kind: 'success' | 'error';
  text: string;
}

export function Notice({ notice }: { notice: NoticeMessage | null }) {
  return (
    <div class="notice-slot">
      <div role="status">{notice?.kind === 'success' && <p class="notice success">{notice.text}</p>}</div>
      {notice?.kind === 'error' && (
        <p class="notice error" role="alert">
          {notice.text}
        </p>
      )}
    </div>
  );
}
