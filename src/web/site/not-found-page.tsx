import type { Config } from '../../config.js';
import { Layout } from './layout.js';

export function MessagePage(props: { config: Config; now: Date; title: string; message: string; path: string }) {
  return (
    <Layout config={props.config} meta={{ title: `${props.title} | ${props.config.siteName}`, canonical: props.config.siteUrl + props.path }} now={props.now}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </Layout>
  );
}
