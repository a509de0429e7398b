import type { Config } from '../../../config.js';
import { NewsroomLayout } from '../layout.js';

export function SignInPage(props: { config: Config; next: string; email?: string; error?: string | undefined }) {
  return (
    <NewsroomLayout config={props.config} title="Sign in" notice={props.error ? { kind: 'error', text: props.error } : undefined}>
      <section class="nr-card nr-narrow">
        <h1>Sign in to the newsroom</h1>
        <form method="post" action="/newsroom/sign-in" class="nr-form">
          <input type="hidden" name="next" value={props.next} />
          <label for="email">E-mail</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit" class="primary">
            Sign in
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}

export function SetupPage(props: { config: Config; values?: { email: string; name: string }; error?: string | undefined }) {
  return (
    <NewsroomLayout config={props.config} title="Set up" notice={props.error ? { kind: 'error', text: props.error } : undefined}>
      <section class="nr-card nr-narrow">
        <h1>Set up {props.config.siteName}</h1>
        <p>Nobody has an account yet. Create the first admin; this page closes once you have.</p>
        <form method="post" action="/newsroom/setup" class="nr-form">
          <label for="name">Your name</label>
          <input id="name" name="name" required maxlength={100} autocomplete="name" value={props.values?.name ?? ''} />
          <label for="email">E-mail</label>
          <input id="email" name="email" type="email" required autocomplete="username" value={props.values?.email ?? ''} />
          <label for="password">Password (at least 10 characters)</label>
          <input id="password" name="password" type="password" required minlength={10} autocomplete="new-password" />
          <button type="submit" class="primary">
            Create admin account
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}
