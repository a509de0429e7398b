import type { Config } from '../../../config.js';
import type { MediaItem } from '../../../store/media.js';
import type { User } from '../../../store/users.js';
import { mediaUrl } from '../../site/media-routes.js';
import { CsrfField, NewsroomLayout } from '../layout.js';

export function MediaPage(props: { config: Config; user: User; csrfToken: string; items: MediaItem[]; q: string; notice?: { kind: 'ok' | 'error'; text: string } | undefined }) {
  return (
    <NewsroomLayout config={props.config} user={props.user} csrfToken={props.csrfToken} title="Media" current="media" notice={props.notice}>
      <h1>Media library</h1>
      <div class="nr-columns">
        <section class="nr-card">
          <h2>Upload an image</h2>
          <form method="post" action="/newsroom/media" enctype="multipart/form-data" class="nr-form">
            <CsrfField token={props.csrfToken} />
            <label for="m-file">Image (JPEG, PNG, WebP, GIF, AVIF or TIFF, up to 20 MB)</label>
            <input id="m-file" name="file" type="file" accept="image/*" required />
            <label for="m-alt">Alt text (required: what the image shows, for readers who cannot see it)</label>
            <input id="m-alt" name="alt" required maxlength={500} />
            <label for="m-caption">Caption</label>
            <input id="m-caption" name="caption" maxlength={1000} />
            <label for="m-credit">Credit</label>
            <input id="m-credit" name="credit" maxlength={300} />
            <button type="submit" class="primary">
              Upload
            </button>
          </form>
        </section>
        <section class="nr-card">
          <h2>Find</h2>
          <form method="get" action="/newsroom/media" class="nr-form">
            <label for="m-q">Alt text, caption, credit or file name</label>
            <input id="m-q" name="q" value={props.q} />
            <button type="submit">Search</button>
          </form>
        </section>
      </div>
      {props.items.length === 0 ? (
        <p class="nr-empty">No images{props.q ? ' match' : ' yet'}.</p>
      ) : (
        <ul class="nr-media-grid">
          {props.items.map((m) => (
            <li class="nr-card">
              <img src={mediaUrl(m, 320)} alt={m.alt} loading="lazy" width={320} height={Math.round((320 * m.height) / m.width)} />
              <p>
                <strong>{m.alt}</strong>
              </p>
              {m.caption && <p>{m.caption}</p>}
              {m.credit && <p class="nr-muted">{m.credit}</p>}
              <p class="nr-muted">
                {m.width}×{m.height}, {m.originalName}
              </p>
            </li>
          ))}
        </ul>
      )}
    </NewsroomLayout>
  );
}
