// Shown to an account that holds no instance rights: the admin routes all answered 403.
export function NotOperator({ username, onSignOut }: { username: string; onSignOut: () => void }) {
  return (
    <main class="sign-in">
      <h1>Not an operator</h1>
      <p role="alert">
        You are signed in as <strong>{username}</strong>, who is not an operator of this instance and holds no admin rights.
        Only the instance's operator, and people the operator grants rights to, can use this panel.
      </p>
      <button type="button" class="primary" onClick={onSignOut}>
        Sign in as someone else
      </button>
    </main>
  );
}
