import { Editor } from '@tiptap/core';
import { isSafeHref, toIssues, type Block } from '../../../domain/article.js';
import type { Issue } from '../../../domain/errors.js';
import { articleEditSchema, formToArticleEdit } from '../edit-form.js';
import { blocksToDoc, docToBlocks } from './convert.js';
import { bodyExtensions, embedProvider, isSafeEmbedUrl, isSafeSrc, type EmbedAttrs, type FigureImageAttrs } from './nodes.js';

/**
 * The newsroom edit page's script: progressive enhancement of the server-rendered form.
 * Without it the form still posts (the body is then read-only, as the page's <noscript> says).
 *
 * - mounts the rich-text body editor on #body-editor, mirroring its blocks into the hidden #f-body
 * - autosaves the whole form (PUT /newsroom/api/articles/:id) 1.5 s after the last change, on blur and
 *   when the page is hidden; the Save button saves the same way; workflow forms wait for the save
 * - stops on a revision conflict (409) instead of overwriting, marks invalid fields on 400, retries offline
 * - presence pings, key-point suggestions and byline rows
 */

export interface DatelineEditorHandle {
  editor: Editor | null;
  save: () => Promise<void>;
  getBlocks: () => Block[];
}

declare global {
  interface Window {
    __datelineEditor?: DatelineEditorHandle;
  }
}

const AUTOSAVE_MS = 1500;
const PRESENCE_MS = 20_000;
const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 60_000;
const MAX_BYLINES = 20;
/** fetch's keepalive refuses bodies over 64 KiB; stay under it. */
const KEEPALIVE_MAX_BYTES = 60_000;

// ─── small DOM helpers ────────────────────────────────────────────────────────

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const byId = <T extends HTMLElement = HTMLElement>(id: string): T | null => document.getElementById(id) as T | null;

let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}`;

function errorMessage(data: unknown, fallback: string): string {
  const message = (data as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' && message ? message : fallback;
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/** "Ada Moss", "Ada Moss and Jo Biddle", "Ada Moss, Jo Biddle and Anna Smolchenko". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

// ─── dialogs ──────────────────────────────────────────────────────────────────

interface DialogField {
  name: string;
  label: string;
  value?: string;
  required?: boolean;
  multiline?: boolean;
  type?: 'text' | 'url';
  hint?: string;
  maxLength?: number;
  placeholder?: string;
}

interface DialogSpec {
  title: string;
  fields: DialogField[];
  submitLabel: string;
  /** A second way out, e.g. "Remove link": resolves with this action. */
  secondary?: { label: string; action: string };
  /** Returns the name of the bad field and why, or null when the values are fine. */
  validate?: (values: Record<string, string>) => { field: string; message: string } | null;
  /** Adds content under the fields (the media picker). */
  extend?: (ctx: DialogContext) => void;
}

interface DialogContext {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  input: (name: string) => HTMLInputElement | HTMLTextAreaElement | undefined;
}

interface DialogResult {
  action: 'submit' | string;
  values: Record<string, string>;
}

/**
 * A modal <dialog> with labelled fields (focus is trapped and Escape cancels, natively).
 * Appended to <body>, never inside the article form: forms must not nest.
 */
function openDialog(spec: DialogSpec): Promise<DialogResult | null> {
  return new Promise((resolve) => {
    const titleId = nextId('dlg-title');
    const dialog = el('dialog', { class: 'editor-dialog', 'aria-labelledby': titleId });
    const form = el('form', { method: 'dialog', novalidate: '' });
    const error = el('p', { class: 'dialog-error', role: 'alert' });
    const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
    form.append(el('h2', { id: titleId }, spec.title), error);
    for (const f of spec.fields) {
      const id = nextId(`dlg-${f.name}`);
      const input = f.multiline ? el('textarea', { rows: '2' }) : el('input', { type: f.type ?? 'text' });
      input.id = id;
      input.name = f.name;
      input.value = f.value ?? '';
      if (f.maxLength) input.maxLength = f.maxLength;
      if (f.placeholder) input.placeholder = f.placeholder;
      if (f.required) {
        input.required = true;
        input.setAttribute('aria-required', 'true');
      }
      const label = el('label', { for: id }, f.label);
      if (f.required) label.append(el('span', { class: 'required' }, ' (required)'));
      const field = el('div', { class: 'dialog-field' }, label, input);
      if (f.hint) {
        const hintId = `${id}-hint`;
        field.append(el('p', { class: 'hint', id: hintId }, f.hint));
        input.setAttribute('aria-describedby', hintId);
      }
      input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
      inputs.set(f.name, input);
      form.append(field);
    }
    const body = el('div', { class: 'dialog-extra' });
    form.append(body);
    const actions = el('div', { class: 'dialog-actions' });
    const submit = el('button', { type: 'submit', class: 'primary' }, spec.submitLabel);
    actions.append(submit);
    if (spec.secondary) {
      const { action, label } = spec.secondary;
      const secondary = el('button', { type: 'button', class: 'danger' }, label);
      secondary.addEventListener('click', () => finish({ action, values: values() }));
      actions.append(secondary);
    }
    const cancel = el('button', { type: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => finish(null));
    actions.append(cancel);
    form.append(actions);
    dialog.append(form);

    const values = () => Object.fromEntries([...inputs].map(([k, i]) => [k, i.value.trim()]));
    let done = false;
    const returnTo = document.activeElement;
    const finish = (result: DialogResult | null) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      // Back to where the user was (the editor keeps its selection), before any command runs.
      if (returnTo instanceof HTMLElement && returnTo.isConnected && document.activeElement !== returnTo) returnTo.focus({ preventScroll: true });
      resolve(result);
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const v = values();
      const missing = spec.fields.find((f) => f.required && !v[f.name]);
      const problem = missing ? { field: missing.name, message: `${missing.label} is required.` } : (spec.validate?.(v) ?? null);
      if (problem) {
        error.textContent = problem.message;
        const input = inputs.get(problem.field);
        input?.setAttribute('aria-invalid', 'true');
        input?.focus();
        return;
      }
      finish({ action: 'submit', values: v });
    });
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    dialog.addEventListener('close', () => finish(null));
    spec.extend?.({ dialog, body, input: (name) => inputs.get(name) });
    document.body.append(dialog);
    dialog.showModal();
    const first = spec.fields.find((f) => !f.value) ?? spec.fields[0];
    (first ? inputs.get(first.name) : submit)?.focus();
  });
}

// ─── the page ────────────────────────────────────────────────────────────────

interface SaveOptions {
  /** Save even when nothing changed (the Save button). */
  force?: boolean;
  /** The page is going away: ask the browser to finish the request anyway. */
  keepalive?: boolean;
}

type Payload = { ok: true; json: string } | { ok: false; issues: Issue[] };

export function enhanceEditPage(): DatelineEditorHandle | null {
  const form = byId<HTMLFormElement>('article-form');
  if (!form) return null;
  const articleId = form.dataset.articleId ?? '';
  const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
  const bodyField = byId<HTMLInputElement>('f-body');
  const revisionField = byId<HTMLInputElement>('f-revision');
  const mount = byId('body-editor');
  const statusEl = byId('save-status');
  const conflictBanner = byId('conflict-banner');
  const presenceBanner = byId('presence-banner');
  const apiUrl = `/newsroom/api/articles/${encodeURIComponent(articleId)}`;
  const jsonHeaders = { 'content-type': 'application/json', 'x-csrf-token': token };

  const setStatus = (text: string) => {
    if (statusEl && statusEl.textContent !== text) statusEl.textContent = text;
  };

  // ── save state ──
  let dirty = false;
  let changeSeq = 0;
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = 0;
  let conflicted = false;
  let leaving = false;
  const invalid = new Set<HTMLElement>();

  let editor: Editor | null = null;

  const getBlocks = (): Block[] => {
    if (editor) return docToBlocks(editor.getJSON());
    try {
      const parsed: unknown = JSON.parse(bodyField?.value || '[]');
      return Array.isArray(parsed) ? (parsed as Block[]) : [];
    } catch {
      return [];
    }
  };

  const syncBody = () => {
    if (editor && bodyField) bodyField.value = JSON.stringify(docToBlocks(editor.getJSON()));
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!conflicted) timer = setTimeout(() => void save(), ms);
  };

  const markDirty = () => {
    changeSeq++;
    if (conflicted) return;
    if (!dirty) {
      dirty = true;
      setStatus('Unsaved changes');
    }
    schedule(AUTOSAVE_MS);
  };

  const buildPayload = (): Payload => {
    const entries = [...new FormData(form)].filter((e): e is [string, string] => typeof e[1] === 'string');
    const raw = formToArticleEdit(entries) as Record<string, unknown>;
    raw.expectedRevision = Number(revisionField?.value);
    const parsed = articleEditSchema.safeParse(raw);
    return parsed.success ? { ok: true, json: JSON.stringify(parsed.data) } : { ok: false, issues: toIssues(parsed.error) };
  };

  // ── invalid fields ──
  const clearInvalid = () => {
    for (const field of invalid) field.removeAttribute('aria-invalid');
    invalid.clear();
  };

  /** The form control an issue's `where` names ("seo.title", "keyPoints.3", "bylines.1.name", "body.4.alt"). */
  const fieldFor = (where: string): HTMLElement | null => {
    if (where === 'body' || where.startsWith('body.')) return editor ? (editor.view.dom as HTMLElement) : bodyField;
    const byline = /^bylines\.(\d+)(?:\.(\w+))?/.exec(where);
    if (byline) {
      // Issues count the bylines that were sent: rows with a name, in order.
      const rows = bylineRows().filter((r) => r.querySelector<HTMLInputElement>('input[name$=".name"]')?.value.trim());
      const row = rows[Number(byline[1])];
      return row?.querySelector<HTMLElement>(`[name$=".${byline[2] ?? 'name'}"]`) ?? row?.querySelector('input') ?? null;
    }
    const parts = where.split('.');
    for (let n = parts.length; n > 0; n--) {
      const item = form.elements.namedItem(parts.slice(0, n).join('.'));
      const field = item instanceof RadioNodeList ? item[0] : item;
      if (field instanceof HTMLElement && !(field instanceof HTMLInputElement && field.type === 'hidden')) return field;
    }
    return null;
  };

  const markInvalid = (issues: readonly Issue[]) => {
    clearInvalid();
    for (const issue of issues) {
      const field = fieldFor(issue.where);
      if (!field) continue;
      field.setAttribute('aria-invalid', 'true');
      invalid.add(field);
    }
  };

  /** "Headline", "Body, block 4 (alt)", "seo.title" when the field has no label. */
  const describeWhere = (where: string): string => {
    const body = /^body\.(\d+)(?:\.(.+))?$/.exec(where);
    if (body) return `Body, block ${Number(body[1]) + 1}${body[2] ? ` (${body[2]})` : ''}`;
    const field = fieldFor(where);
    const label = field && 'labels' in field ? (field as HTMLInputElement).labels?.[0]?.textContent?.trim() : '';
    return label || where;
  };

  const describeIssues = (issues: readonly Issue[]) =>
    issues
      .slice(0, 3)
      .map((i) => `${describeWhere(i.where)}: ${i.message}`)
      .join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');

  const retryLater = (message: string) => {
    retryMs = Math.min(retryMs ? retryMs * 2 : RETRY_MIN_MS, RETRY_MAX_MS);
    setStatus(message);
    schedule(retryMs);
  };

  const showConflict = (message: string) => {
    if (!conflictBanner) return;
    const reload = el('a', { href: location.href }, 'Reload');
    reload.addEventListener('click', () => {
      leaving = true;
    });
    conflictBanner.replaceChildren(
      el('strong', {}, 'Not saved. '),
      message,
      ' Your changes stay on this page until you leave it: copy anything you need, then ',
      reload,
      ' to get the latest version.',
    );
    conflictBanner.hidden = false;
  };

  const updateRevisionInputs = (revision: string) => {
    for (const input of document.querySelectorAll<HTMLInputElement>('form.workflow-form input[name="expectedRevision"]')) {
      input.value = revision;
    }
  };

  async function send(opts: SaveOptions): Promise<void> {
    const seq = changeSeq;
    syncBody();
    const payload = buildPayload();
    if (!payload.ok) {
      markInvalid(payload.issues);
      setStatus(`Not saved: ${describeIssues(payload.issues)}`);
      return;
    }
    setStatus('Saving…');
    let res: Response;
    try {
      res = await fetch(apiUrl, {
        method: 'PUT',
        headers: jsonHeaders,
        body: payload.json,
        credentials: 'same-origin',
        keepalive: Boolean(opts.keepalive) && payload.json.length < KEEPALIVE_MAX_BYTES,
      });
    } catch {
      retryLater('Not saved: offline, will retry');
      return;
    }
    const data = await readJson(res);
    if (res.ok) {
      retryMs = 0;
      const article = (data as { article?: { revision?: unknown; updatedAt?: unknown; slug?: unknown } } | null)?.article;
      if (typeof article?.revision === 'number' && revisionField) {
        revisionField.value = String(article.revision);
        updateRevisionInputs(revisionField.value);
      }
      // A draft's slug follows its headline: show the server's, so the next save does not send the old one back.
      const slugField = byId<HTMLInputElement>('f-slug');
      if (typeof article?.slug === 'string' && slugField && document.activeElement !== slugField) slugField.value = article.slug;
      clearInvalid();
      if (changeSeq === seq) dirty = false;
      else schedule(AUTOSAVE_MS); // typed on while saving
      const at = typeof article?.updatedAt === 'string' ? new Date(article.updatedAt) : new Date();
      setStatus(`Saved ${hhmm(Number.isNaN(at.getTime()) ? new Date() : at)}`);
      return;
    }
    if (res.status === 409) {
      // Someone else saved first: never overwrite their work silently. Stop until the page reloads.
      conflicted = true;
      clearTimeout(timer);
      showConflict(errorMessage(data, 'Someone else has changed this article since you opened it.'));
      setStatus('Not saved: this article was changed elsewhere');
      return;
    }
    if (res.status === 400 || res.status === 422) {
      const issues = (data as { error?: { issues?: unknown } } | null)?.error?.issues;
      markInvalid(Array.isArray(issues) ? issues.filter((i): i is Issue => typeof i?.where === 'string') : []);
      setStatus(`Not saved: ${errorMessage(data, 'the article is not valid')}`);
      return;
    }
    if (res.status >= 500 || res.status === 429) {
      retryLater(`Not saved: ${errorMessage(data, `the server answered ${res.status}`)}, will retry`);
      return;
    }
    setStatus(`Not saved: ${errorMessage(data, `the server answered ${res.status}`)}`);
  }

  /** Saves now if there is anything to save; concurrent calls queue behind the one in flight. */
  async function save(opts: SaveOptions = {}): Promise<void> {
    clearTimeout(timer);
    while (inFlight) await inFlight;
    if (conflicted) {
      if (conflictBanner) conflictBanner.hidden = false;
      return;
    }
    if (!dirty && !opts.force) return;
    inFlight = send(opts).finally(() => {
      inFlight = null;
    });
    await inFlight;
  }

  // ── body editor ──
  /** Opens the dialog for an image or embed: edits the one at `pos`, or inserts a new one. */
  const editAtom = async <A extends object>(
    nodeName: string,
    dialog: (current?: A) => Promise<A | null>,
    insert: (attrs: A) => void,
    pos?: number,
  ) => {
    if (!editor) return;
    const node = pos === undefined ? undefined : editor.state.doc.nodeAt(pos);
    const current = node?.type.name === nodeName ? (node.attrs as A) : undefined;
    const attrs = await dialog(current);
    if (!attrs || !editor) return;
    if (current && pos !== undefined) {
      editor
        .chain()
        .focus()
        .command(({ tr }) => {
          tr.setNodeMarkup(pos, undefined, attrs);
          return true;
        })
        .setNodeSelection(pos)
        .run();
    } else {
      insert(attrs);
    }
  };
  const editImage = (pos?: number) =>
    editAtom<FigureImageAttrs>('figureImage', imageDialog, (attrs) => editor?.chain().focus().insertFigureImage(attrs).run(), pos);
  const editEmbed = (pos?: number) => editAtom<EmbedAttrs>('embed', embedDialog, (attrs) => editor?.chain().focus().insertEmbed(attrs).run(), pos);

  if (mount && bodyField) {
    let doc: ReturnType<typeof blocksToDoc> | null = null;
    try {
      const parsed: unknown = JSON.parse(bodyField.value || '[]');
      if (!Array.isArray(parsed)) throw new Error('body is not a list of blocks');
      doc = blocksToDoc(parsed as Block[]);
    } catch {
      doc = null;
    }
    if (!doc) {
      // Better no editor than an empty one that would save over the stored body.
      mount.replaceChildren(el('p', { class: 'editor-error', role: 'alert' }, 'The article body could not be loaded into the editor. Reload the page; if this persists, ask the desk.'));
    } else {
      mount.replaceChildren();
      mount.classList.add('body-editor');
      const toolbarHost = el('div');
      const surface = el('div', { class: 'editor-surface' });
      mount.append(toolbarHost, surface);
      const labelledBy = mount.getAttribute('aria-labelledby');
      editor = new Editor({
        element: surface,
        extensions: bodyExtensions({ editImage: (pos) => void editImage(pos), editEmbed: (pos) => void editEmbed(pos) }),
        content: doc,
        injectCSS: false, // editor.css carries ProseMirror's few required rules (no inline <style>, CSP-friendly)
        editorProps: {
          attributes: {
            id: 'body-editor-content',
            class: 'article-body',
            role: 'textbox',
            'aria-multiline': 'true',
            ...(labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': 'Article body' }),
            spellcheck: 'true',
          },
        },
      });
      toolbarHost.replaceWith(buildToolbar(editor, { editImage, editEmbed }));
      editor.on('update', () => {
        syncBody();
        if (editor && invalid.has(editor.view.dom as HTMLElement)) {
          editor.view.dom.removeAttribute('aria-invalid');
          invalid.delete(editor.view.dom as HTMLElement);
        }
        markDirty();
      });
      editor.on('blur', () => {
        if (dirty) void save();
      });
    }
  }

  // ── the rest of the form ──
  const onFieldChange = (event: Event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement) || mount?.contains(target)) return; // the editor reports its own changes
    if (invalid.has(target)) {
      target.removeAttribute('aria-invalid');
      invalid.delete(target);
    }
    markDirty();
  };
  form.addEventListener('input', onFieldChange);
  // Text fields also fire `change` on blur, after their `input` events were saved: only count it for
  // controls that may not fire `input` (widgets that dispatch `change` alone).
  form.addEventListener('change', (event) => {
    const t = event.target;
    if (t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && /^(text|search|url|email|tel|number|password)$/.test(t.type))) return;
    onFieldChange(event);
  });
  form.addEventListener('focusout', (event) => {
    // Leaving a field saves; moving about inside the body editor does not (it reports its own blur).
    const next = (event as FocusEvent).relatedTarget;
    if (dirty && !(next instanceof globalThis.Node && mount?.contains(next))) void save();
  });

  // The Save button: save through the API, not a page post.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save({ force: true });
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void save({ force: true });
    }
  });

  // Workflow actions (submit for review, publish, …) post the stored article: flush the save first.
  const submitting = new WeakSet<HTMLFormElement>();
  document.addEventListener('submit', (event) => {
    const wf = event.target;
    if (!(wf instanceof HTMLFormElement) || !wf.classList.contains('workflow-form') || event.defaultPrevented) return;
    event.preventDefault();
    if (submitting.has(wf)) return;
    submitting.add(wf);
    const submitter = event.submitter;
    wf.setAttribute('aria-busy', 'true');
    void (async () => {
      try {
        await save();
        if ((dirty || conflicted) && !window.confirm('Your latest changes are not saved. Continue anyway?')) return;
        if (revisionField) for (const input of wf.querySelectorAll<HTMLInputElement>('input[name="expectedRevision"]')) input.value = revisionField.value;
        // form.submit() skips the submit event and the submitter's name=value: carry it over.
        if ((submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) && submitter.name) {
          wf.append(el('input', { type: 'hidden', name: submitter.name, value: submitter.value }));
        }
        leaving = true;
        wf.submit();
      } finally {
        submitting.delete(wf);
        wf.removeAttribute('aria-busy');
      }
    })();
  });

  // Leaving or hiding the page: save what is pending.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && dirty) void save({ keepalive: true });
    if (document.visibilityState === 'visible') void ping();
  });
  window.addEventListener('beforeunload', (event) => {
    if (!dirty || leaving || conflicted) return;
    void save({ keepalive: true });
    event.preventDefault(); // asks "leave the page?" while the save runs
    event.returnValue = '';
  });
  window.addEventListener('online', () => {
    if (dirty) void save();
  });

  // ── presence ──
  async function ping(): Promise<void> {
    try {
      const res = await fetch(`${apiUrl}/presence`, { method: 'POST', headers: jsonHeaders, body: '{}', credentials: 'same-origin' });
      if (!res.ok) return;
      const data = (await readJson(res)) as { others?: { name?: unknown }[] } | null;
      const names = [...new Set((data?.others ?? []).map((o) => o?.name).filter((n): n is string => typeof n === 'string' && !!n.trim()))];
      if (!presenceBanner) return;
      if (names.length) {
        presenceBanner.textContent = `${joinNames(names)} ${names.length === 1 ? 'is' : 'are'} also editing this article`;
        presenceBanner.hidden = false;
      } else {
        presenceBanner.hidden = true;
        presenceBanner.textContent = '';
      }
    } catch {
      // Presence is a courtesy: ignore network trouble.
    }
  }
  void ping();
  setInterval(() => void ping(), PRESENCE_MS);

  // ── key points ──
  const suggest = byId<HTMLButtonElement>('suggest-key-points');
  const keyPoints = byId<HTMLTextAreaElement>('f-keypoints');
  suggest?.addEventListener('click', async () => {
    if (!keyPoints || suggest.getAttribute('aria-busy') === 'true') return;
    suggest.setAttribute('aria-busy', 'true');
    suggest.disabled = true;
    try {
      const headline = (form.elements.namedItem('headline') as HTMLInputElement | null)?.value ?? '';
      const res = await fetch('/newsroom/api/key-points/suggest', {
        method: 'POST',
        headers: jsonHeaders,
        body: JSON.stringify({ headline, body: getBlocks() }),
        credentials: 'same-origin',
      });
      const data = await readJson(res);
      const points = (data as { keyPoints?: unknown } | null)?.keyPoints;
      if (!res.ok || !Array.isArray(points)) throw new Error(errorMessage(data, `the server answered ${res.status}`));
      const lines = points.filter((p): p is string => typeof p === 'string').map((p) => p.trim()).filter(Boolean);
      if (!lines.length) {
        setStatus('No key points to suggest yet');
        return;
      }
      const next = lines.join('\n');
      const current = keyPoints.value.trim();
      if (current && current !== next && !window.confirm('Replace the current key points with the suggestions?')) return;
      keyPoints.value = next;
      keyPoints.removeAttribute('aria-invalid');
      markDirty();
    } catch (e) {
      setStatus(`Could not suggest key points: ${e instanceof Error && e.message !== 'Failed to fetch' ? e.message : 'offline'}`);
    } finally {
      suggest.disabled = false;
      suggest.removeAttribute('aria-busy');
    }
  });

  // ── bylines ──
  const bylinesBox = byId('bylines');
  const addByline = byId<HTMLButtonElement>('add-byline');
  function bylineRows(): HTMLElement[] {
    return bylinesBox ? [...bylinesBox.querySelectorAll<HTMLElement>('.byline-row')] : [];
  }
  const controlButton = (action: string, text: string) => el('button', { type: 'button', class: `byline-${action}`, 'data-byline-action': action }, text);
  const enhanceRow = (row: HTMLElement) => {
    if (row.querySelector('[data-byline-action]')) return;
    row.append(el('div', { class: 'byline-controls' }, controlButton('up', 'Up'), controlButton('down', 'Down'), controlButton('remove', 'Remove')));
  };
  const renumber = () => {
    const rows = bylineRows();
    rows.forEach((row, i) => {
      for (const field of row.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[name^="bylines."]')) {
        field.name = field.name.replace(/^bylines\.\d+\./, `bylines.${i}.`);
      }
      const n = i + 1;
      const set = (action: string, label: string, disabled: boolean) => {
        const button = row.querySelector<HTMLButtonElement>(`[data-byline-action="${action}"]`);
        if (!button) return;
        button.setAttribute('aria-label', label);
        button.setAttribute('aria-disabled', String(disabled));
      };
      set('up', `Move byline ${n} up`, i === 0);
      set('down', `Move byline ${n} down`, i === rows.length - 1);
      set('remove', `Remove byline ${n}`, false);
    });
    if (addByline) addByline.disabled = rows.length >= MAX_BYLINES;
  };
  const newRow = (): HTMLElement => {
    const row = el('div', { class: 'byline-row' });
    const field = (key: string, label: string, maxLength: number) => {
      const id = nextId(`byline-${key}`);
      const input = el('input', { type: 'text', id, name: `bylines.0.${key}`, maxlength: String(maxLength), autocomplete: 'off' });
      return el('div', { class: `byline-field byline-${key}` }, el('label', { for: id }, label), input);
    };
    row.append(field('name', 'Name', 200), field('location', 'Location', 200), field('role', 'Role', 100));
    enhanceRow(row);
    return row;
  };
  if (bylinesBox) {
    bylineRows().forEach(enhanceRow);
    renumber();
    bylinesBox.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement | null)?.closest<HTMLButtonElement>('[data-byline-action]');
      const row = button?.closest<HTMLElement>('.byline-row');
      if (!button || !row || button.getAttribute('aria-disabled') === 'true') return;
      const rows = bylineRows();
      const i = rows.indexOf(row);
      const action = button.dataset.bylineAction;
      if (action === 'remove') {
        const next = rows[i + 1] ?? rows[i - 1];
        row.remove();
        renumber();
        (next?.querySelector<HTMLElement>('input:not([type=hidden])') ?? addByline)?.focus();
      } else if (action === 'up' && i > 0) {
        rows[i - 1]!.before(row);
        renumber();
        button.focus();
      } else if (action === 'down' && i < rows.length - 1) {
        rows[i + 1]!.after(row);
        renumber();
        button.focus();
      } else {
        return;
      }
      markDirty();
    });
  }
  addByline?.addEventListener('click', () => {
    if (!bylinesBox || bylineRows().length >= MAX_BYLINES) return;
    const row = newRow();
    const rows = bylineRows();
    if (rows.length) rows.at(-1)!.after(row);
    else bylinesBox.append(row);
    renumber();
    row.querySelector('input')?.focus();
  });

  form.dataset.enhanced = 'true';
  const handle: DatelineEditorHandle = { editor, save: () => save({ force: true }), getBlocks };
  window.__datelineEditor = handle;
  return handle;
}

// ─── toolbar ──────────────────────────────────────────────────────────────────

interface Tool {
  label: string;
  text: string;
  shortcut?: string;
  /** Toggles get aria-pressed. */
  isActive?: () => boolean;
  isEnabled?: () => boolean;
  run: () => void;
}

function buildToolbar(
  editor: Editor,
  hooks: { editImage: (pos?: number) => Promise<void>; editEmbed: (pos?: number) => Promise<void> },
): HTMLElement {
  const inList = () => editor.isActive('bulletList') || editor.isActive('orderedList');
  const leaveList = () => {
    if (inList()) editor.chain().focus().liftListItem('listItem').run();
  };
  const selectedNode = (type: string): number | undefined => {
    const { selection } = editor.state;
    const node = 'node' in selection ? (selection.node as { type: { name: string } } | undefined) : undefined;
    return node?.type.name === type ? selection.from : undefined;
  };

  const groups: Tool[][] = [
    [
      {
        label: 'Paragraph',
        text: '¶',
        shortcut: 'Ctrl+Alt+0',
        isActive: () => editor.isActive('paragraph') && !inList(),
        run: () => {
          leaveList();
          editor.chain().focus().setParagraph().run();
        },
      },
      {
        label: 'Crosshead',
        text: 'H2',
        shortcut: 'Ctrl+Alt+2',
        isActive: () => editor.isActive('heading'),
        run: () => {
          leaveList();
          editor.chain().focus().toggleCrosshead().run();
        },
      },
      {
        label: 'Quote',
        text: '“ ”',
        isActive: () => editor.isActive('pullQuote'),
        run: () => void quote(),
      },
      {
        label: 'Bulleted list',
        text: '• List',
        isActive: () => editor.isActive('bulletList'),
        run: () => editor.chain().focus().toggleBulletList().run(),
      },
      {
        label: 'Numbered list',
        text: '1. List',
        isActive: () => editor.isActive('orderedList'),
        run: () => editor.chain().focus().toggleOrderedList().run(),
      },
    ],
    [
      {
        label: 'Bold',
        text: 'B',
        shortcut: 'Ctrl+B',
        isActive: () => editor.isActive('bold'),
        isEnabled: () => editor.can().toggleBold(),
        run: () => editor.chain().focus().toggleBold().run(),
      },
      {
        label: 'Italic',
        text: 'I',
        shortcut: 'Ctrl+I',
        isActive: () => editor.isActive('italic'),
        isEnabled: () => editor.can().toggleItalic(),
        run: () => editor.chain().focus().toggleItalic().run(),
      },
      {
        label: 'Link',
        text: 'Link',
        isActive: () => editor.isActive('link'),
        isEnabled: () => editor.isActive('link') || editor.can().setLink({ href: 'https://example.com/' }),
        run: () => void link(),
      },
    ],
    [
      { label: 'Image', text: 'Image', run: () => void hooks.editImage(selectedNode('figureImage')) },
      { label: 'Embed', text: 'Embed', run: () => void hooks.editEmbed(selectedNode('embed')) },
    ],
    [
      { label: 'Undo', text: '↶ Undo', shortcut: 'Ctrl+Z', isEnabled: () => editor.can().undo(), run: () => editor.chain().focus().undo().run() },
      { label: 'Redo', text: '↷ Redo', shortcut: 'Ctrl+Shift+Z', isEnabled: () => editor.can().redo(), run: () => editor.chain().focus().redo().run() },
    ],
  ];

  async function quote(): Promise<void> {
    if (editor.isActive('pullQuote')) {
      editor.chain().focus().setParagraph().run();
      return;
    }
    const result = await openDialog({
      title: 'Pull quote',
      submitLabel: 'Make quote',
      fields: [{ name: 'attribution', label: 'Attribution', hint: 'Who said it, e.g. “Ada Moss, health minister”. Optional.', maxLength: 300 }],
    });
    if (!result) {
      editor.commands.focus();
      return;
    }
    leaveList();
    editor.chain().focus().setPullQuote({ attribution: result.values.attribution || null }).run();
  }

  async function link(): Promise<void> {
    const current = editor.isActive('link') ? String(editor.getAttributes('link').href ?? '') : '';
    const result = await openDialog({
      title: current ? 'Edit link' : 'Add link',
      submitLabel: current ? 'Update link' : 'Add link',
      ...(current && { secondary: { label: 'Remove link', action: 'remove' } }),
      fields: [
        {
          name: 'href',
          label: 'Link address',
          type: 'url',
          value: current,
          required: true,
          placeholder: 'https://',
          hint: 'A web address (https://…), an email (mailto:…) or a page on this site (/news/…).',
          maxLength: 2000,
        },
      ],
      validate: (v) => (isSafeHref(normaliseHref(v.href ?? '')) ? null : { field: 'href', message: 'That address is not allowed: use https://…, mailto:… or a site path starting with /.' }),
    });
    if (!result) {
      editor.commands.focus();
      return;
    }
    const chain = editor.chain().focus().extendMarkRange('link');
    if (result.action === 'remove') {
      chain.unsetLink().run();
      return;
    }
    const href = normaliseHref(result.values.href ?? '');
    if (!isSafeHref(href)) return;
    if (editor.state.selection.empty && !editor.isActive('link')) {
      // Nothing selected: insert the address itself as the link text.
      chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).unsetMark('link').run();
    } else {
      chain.setLink({ href }).run();
    }
  }

  const toolbar = el('div', { class: 'editor-toolbar', role: 'toolbar', 'aria-label': 'Body formatting', 'aria-controls': editor.view.dom.id || '' });
  const buttons: { button: HTMLButtonElement; tool: Tool }[] = [];
  for (const group of groups) {
    const box = el('div', { class: 'toolbar-group' });
    for (const tool of group) {
      const button = el(
        'button',
        { type: 'button', class: `tool tool-${tool.label.toLowerCase().replace(/\s+/g, '-')}`, 'aria-label': tool.label, title: tool.shortcut ? `${tool.label} (${tool.shortcut})` : tool.label, tabindex: '-1' },
        tool.text,
      );
      if (tool.isActive) button.setAttribute('aria-pressed', 'false');
      // Keep the editor's selection: do not take focus on mouse down.
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', () => {
        if (button.getAttribute('aria-disabled') === 'true') return;
        tool.run();
      });
      box.append(button);
      buttons.push({ button, tool });
    }
    toolbar.append(box);
  }
  if (!toolbar.getAttribute('aria-controls')) toolbar.removeAttribute('aria-controls');
  buttons[0]?.button.setAttribute('tabindex', '0');

  // Roving focus: Tab reaches the toolbar once, arrow keys move along it.
  toolbar.addEventListener('keydown', (event) => {
    const list = buttons.map((b) => b.button);
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = list[(to + list.length) % list.length]!;
    for (const b of list) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
  toolbar.addEventListener('focusin', (event) => {
    for (const { button } of buttons) button.tabIndex = button === event.target ? 0 : -1;
  });

  const refresh = () => {
    for (const { button, tool } of buttons) {
      if (tool.isActive) button.setAttribute('aria-pressed', String(tool.isActive()));
      button.setAttribute('aria-disabled', String(tool.isEnabled ? !tool.isEnabled() : false));
    }
  };
  editor.on('transaction', refresh);
  editor.on('focus', refresh);
  refresh();
  return toolbar;
}

/** "example.com/x" → "https://example.com/x"; everything else as typed (then checked with isSafeHref). */
function normaliseHref(href: string): string {
  const h = href.trim();
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(h)) return `https://${h}`;
  if (/^[^\s@/:]+@[^\s@/]+\.[a-z]{2,}$/i.test(h)) return `mailto:${h}`;
  return h;
}

// ─── image and embed dialogs ─────────────────────────────────────────────────

interface MediaItem {
  id: string;
  url: string;
  alt?: string;
  caption?: string;
  credit?: string;
  width?: number;
  height?: number;
}

async function imageDialog(current?: FigureImageAttrs): Promise<FigureImageAttrs | null> {
  // Carried from the media library (or the image being edited) while the source stays the same.
  let picked: { src: string; width: number | null; height: number | null; mediaId: string | null } | null = current
    ? { src: current.src, width: current.width, height: current.height, mediaId: current.mediaId }
    : null;
  const result = await openDialog({
    title: current ? 'Edit image' : 'Insert image',
    submitLabel: current ? 'Update image' : 'Insert image',
    fields: [
      { name: 'src', label: 'Image address', type: 'url', value: current?.src, required: true, hint: 'Choose from the media library below, or paste an https:// address or a /media/… path.', maxLength: 2000 },
      { name: 'alt', label: 'Alt text', value: current?.alt, required: true, multiline: true, hint: 'Describe the image for readers who cannot see it.', maxLength: 500 },
      { name: 'caption', label: 'Caption', value: current?.caption ?? '', multiline: true, maxLength: 1000 },
      { name: 'credit', label: 'Credit', value: current?.credit ?? '', placeholder: 'Photo: Name/Agency', maxLength: 300 },
    ],
    validate: (v) => (isSafeSrc(v.src ?? '') ? null : { field: 'src', message: 'Use an https:// address or a site path starting with /.' }),
    extend: ({ body, input }) => {
      const status = el('p', { class: 'media-status', 'aria-live': 'polite' });
      const list = el('ul', { class: 'media-grid', 'aria-label': 'Media library' });
      const open = el('button', { type: 'button', class: 'media-open' }, 'Choose from media library');
      body.append(open, status, list);
      open.addEventListener('click', async () => {
        open.disabled = true;
        status.textContent = 'Loading the media library…';
        try {
          const res = await fetch('/newsroom/api/media', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
          const data = await readJson(res);
          const items = (data as { items?: MediaItem[] } | null)?.items;
          if (!res.ok || !Array.isArray(items)) throw new Error(errorMessage(data, `the server answered ${res.status}`));
          const usable = items.filter((m) => typeof m?.url === 'string' && isSafeSrc(m.url));
          list.replaceChildren();
          for (const m of usable) {
            const name = m.alt || m.caption || m.url;
            const choose = el('button', { type: 'button', class: 'media-item', 'aria-label': `Use image: ${name}` }, el('img', { src: m.url, alt: '', loading: 'lazy' }), el('span', {}, name));
            choose.addEventListener('click', () => {
              const set = (field: string, value: string | undefined) => {
                const i = input(field);
                if (i && value) i.value = value;
              };
              set('src', m.url);
              set('alt', m.alt);
              set('caption', m.caption);
              set('credit', m.credit);
              picked = { src: m.url, width: positive(m.width), height: positive(m.height), mediaId: m.id ? String(m.id) : null };
              for (const b of list.querySelectorAll('.media-item')) b.removeAttribute('aria-current');
              choose.setAttribute('aria-current', 'true');
              status.textContent = `Chosen: ${name}.${m.alt ? '' : ' It has no alt text yet: write one.'}`;
              input('alt')?.focus();
            });
            if (m.url === input('src')?.value.trim()) choose.setAttribute('aria-current', 'true');
            list.append(el('li', {}, choose));
          }
          status.textContent = usable.length ? `${usable.length} images. Choose one.` : 'The media library is empty.';
        } catch (e) {
          status.textContent = `Could not load the media library: ${e instanceof Error && e.message !== 'Failed to fetch' ? e.message : 'offline'}.`;
        } finally {
          open.disabled = false;
        }
      });
    },
  });
  if (!result) return null;
  const v = result.values;
  const src = v.src ?? '';
  const fromLibrary = picked && picked.src === src ? picked : null;
  return {
    src,
    alt: v.alt ?? '',
    caption: v.caption || null,
    credit: v.credit || null,
    width: fromLibrary?.width ?? null,
    height: fromLibrary?.height ?? null,
    mediaId: fromLibrary?.mediaId ?? null,
  };
}

const positive = (n: unknown): number | null => (typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null);

async function embedDialog(current?: EmbedAttrs): Promise<EmbedAttrs | null> {
  const result = await openDialog({
    title: current ? 'Edit embed' : 'Embed',
    submitLabel: current ? 'Update embed' : 'Insert embed',
    fields: [
      { name: 'url', label: 'Address of the post or video', type: 'url', value: current?.url, required: true, placeholder: 'https://', maxLength: 2000 },
      { name: 'title', label: 'Title', value: current?.title ?? '', hint: 'Shown where the embed cannot load. Optional.', maxLength: 300 },
      { name: 'provider', label: 'Provider', value: current?.provider ?? '', hint: 'Filled in for well-known sites when left empty.', maxLength: 100 },
    ],
    validate: (v) => (isSafeEmbedUrl(v.url ?? '') ? null : { field: 'url', message: 'Use a full https:// address.' }),
  });
  if (!result) return null;
  const url = result.values.url ?? '';
  return { url, title: result.values.title || null, provider: result.values.provider || embedProvider(url) };
}

// ─── boot ─────────────────────────────────────────────────────────────────────

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => enhanceEditPage(), { once: true });
  else enhanceEditPage();
}
