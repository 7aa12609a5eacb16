// Why the last thing one tried failed, announced at once; nothing when it did not.
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p class="form-error" role="alert">
      {error}
    </p>
  );
}
