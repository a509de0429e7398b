import type { Config } from '../../../config.js';
import { formatDateTime } from '../../../domain/dates.js';
import { ROLES } from '../../../domain/policies.js';
import type { Session, User } from '../../../store/users.js';
import { CsrfField, NewsroomLayout } from '../layout.js';

type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

export function PeoplePage(props: { config: Config; user: User; csrfToken: string; people: User[]; notice?: Notice }) {
  return (
    <NewsroomLayout config={props.config} user={props.user} csrfToken={props.csrfToken} title="People" current="people" notice={props.notice}>
      <h1>People</h1>
      <table class="nr-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Account</th>
          </tr>
        </thead>
        <tbody>
          {props.people.map((p) => (
            <tr>
              <td>
                <a href={`/authors/${p.slug}`}>{p.name}</a>
              </td>
              <td>{p.email}</td>
              <td>
                <form method="post" action={`/newsroom/people/${p.id}/role`} class="nr-inline-form">
                  <CsrfField token={props.csrfToken} />
                  <select name="role" aria-label={`Role of ${p.name}`}>
                    {ROLES.map((r) => (
                      <option value={r} selected={r === p.role}>
                        {r}
                      </option>
                    ))}
                  </select>
                  <button type="submit">Change</button>
                </form>
              </td>
              <td>
                {p.id !== props.user.id && (
                  <form method="post" action={`/newsroom/people/${p.id}/${p.disabledAt ? 'enable' : 'disable'}`} class="nr-inline-form">
                    <CsrfField token={props.csrfToken} />
                    <button type="submit">{p.disabledAt ? 'Enable' : 'Disable'}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="nr-card nr-narrow">
        <h2>Add a person</h2>
        <form method="post" action="/newsroom/people" class="nr-form">
          <CsrfField token={props.csrfToken} />
          <label for="p-name">Name</label>
          <input id="p-name" name="name" required maxlength={100} />
          <label for="p-email">E-mail</label>
          <input id="p-email" name="email" type="email" required />
          <label for="p-role">Role</label>
          <select id="p-role" name="role">
            {ROLES.map((r) => (
              <option value={r} selected={r === 'writer'}>
                {r}
              </option>
            ))}
          </select>
          <label for="p-password">First password (at least 10 characters; they can change it)</label>
          <input id="p-password" name="password" type="password" required minlength={10} autocomplete="new-password" />
          <button type="submit" class="primary">
            Add
          </button>
        </form>
      </section>
    </NewsroomLayout>
  );
}

export function ProfilePage(props: { config: Config; user: User; csrfToken: string; sessions: Session[]; currentSession: string; notice?: Notice }) {
  const { user } = props;
  return (
    <NewsroomLayout config={props.config} user={user} csrfToken={props.csrfToken} title="Your profile" current="profile" notice={props.notice}>
      <h1>Your profile</h1>
      <div class="nr-columns">
        <section class="nr-card">
          <h2>Author page</h2>
          <form method="post" action="/newsroom/profile" class="nr-form">
            <CsrfField token={props.csrfToken} />
            <label for="pr-name">Name</label>
            <input id="pr-name" name="name" required maxlength={100} value={user.name} />
            <label for="pr-location">Location</label>
            <input id="pr-location" name="location" maxlength={100} value={user.location ?? ''} />
            <label for="pr-photo">Photo URL</label>
            <input id="pr-photo" name="photoUrl" value={user.photoUrl ?? ''} />
            <label for="pr-bio">Short bio</label>
            <textarea id="pr-bio" name="bio" rows={4} maxlength={1000}>
              {user.bio ?? ''}
            </textarea>
            <button type="submit" class="primary">
              Save profile
            </button>
          </form>
          <p>
            Your public page: <a href={`/authors/${user.slug}`}>/authors/{user.slug}</a>
          </p>
        </section>
        <section class="nr-card">
          <h2>Password</h2>
          <form method="post" action="/newsroom/profile/password" class="nr-form">
            <CsrfField token={props.csrfToken} />
            <label for="pw-current">Current password</label>
            <input id="pw-current" name="current" type="password" required autocomplete="current-password" />
            <label for="pw-next">New password (at least 10 characters)</label>
            <input id="pw-next" name="next" type="password" required minlength={10} autocomplete="new-password" />
            <button type="submit">Change password</button>
          </form>
          <h2>Where you are signed in</h2>
          <ul class="nr-sessions">
            {props.sessions.map((s) => (
              <li>
                {s.userAgent ?? 'Unknown browser'} from {s.ip ?? 'unknown address'}, last seen {formatDateTime(s.lastSeenAt, props.config.timeZone)}
                {s.idHash === props.currentSession && <strong> (this browser)</strong>}
              </li>
            ))}
          </ul>
          <form method="post" action="/newsroom/sign-out-everywhere">
            <CsrfField token={props.csrfToken} />
            <button type="submit">Sign out everywhere</button>
          </form>
        </section>
      </div>
    </NewsroomLayout>
  );
}
