import type { Config } from '../../../config.js';
import type { SiteSettings } from '../../../ops/site-settings.js';
import type { User } from '../../../store/users.js';
import { CsrfField, NewsroomLayout } from '../layout.js';

type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

/** The form's values: the stored settings, or what the admin typed when a save was refused. */
export interface SettingsFormValues {
  commentsMode: string;
  commentsCloseAfterDays: string;
  twitterHandle: string;
}

export const settingsFormValues = (s: SiteSettings): SettingsFormValues => ({
  commentsMode: s.commentsMode,
  commentsCloseAfterDays: String(s.commentsCloseAfterDays),
  twitterHandle: s.twitterHandle ? `@${s.twitterHandle}` : '',
});

export const settingsNotice = (done: string | undefined): Notice => (done === 'settings' ? { kind: 'ok', text: 'Settings saved.' } : undefined);

/** Site settings for admins: comment moderation and closing, and the site's X account. */
export function SettingsPage(props: { config: Config; user: User; csrfToken: string; values: SettingsFormValues; notice?: Notice }) {
  const v = props.values;
  return (
    <NewsroomLayout config={props.config} user={props.user} csrfToken={props.csrfToken} title="Settings" current="settings" notice={props.notice}>
      <h1>Settings</h1>
      <form method="post" action="/newsroom/settings" class="nr-form nr-settings">
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>Reader comments</legend>
          <p class="nr-muted">Moderate comments under Comments. Changes apply to comments posted from now on.</p>
          <label class="nr-choice">
            <input type="radio" name="commentsMode" value="post" checked={v.commentsMode !== 'pre'} /> Show new comments at once; moderators remove what
            breaks the rules (post-moderation)
          </label>
          <label class="nr-choice">
            <input type="radio" name="commentsMode" value="pre" checked={v.commentsMode === 'pre'} /> Hold new comments until a moderator approves them
            (pre-moderation)
          </label>
          <label for="s-close">Close comments this many days after publication (0 keeps them open)</label>
          <input id="s-close" name="commentsCloseAfterDays" type="number" min={0} max={3650} step={1} required value={v.commentsCloseAfterDays} />
        </fieldset>
        <fieldset>
          <legend>Sharing</legend>
          <label for="s-x">The site's X (Twitter) account</label>
          <input id="s-x" name="twitterHandle" maxlength={16} placeholder="@dateline" pattern="@?\w{1,15}" value={v.twitterHandle} />
          <p class="nr-muted">Named in share links and the twitter:site tag. Leave empty for none.</p>
        </fieldset>
        <button type="submit" class="primary">
          Save settings
        </button>
      </form>
    </NewsroomLayout>
  );
}
