import { mergeAttributes, Node, textblockTypeInputRule, type Extensions } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { NodeSelection, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import { StarterKit } from '@tiptap/starter-kit';
import { isSafeHref } from '../../../domain/article.js';

/**
 * The body editor's schema: exactly what the article model can hold (see convert.ts), no more.
 * StarterKit supplies the document, paragraphs, text, bold, italic, links, lists, hard breaks,
 * history and the drop/gap cursors; crossheads, list items, pull quotes, images and embeds are ours.
 */

export interface FigureImageAttrs {
  src: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  width: number | null;
  height: number | null;
  mediaId: string | null;
}

export interface EmbedAttrs {
  url: string;
  provider: string | null;
  title: string | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    crosshead: {
      /** Turns the current block into a crosshead (a plain-text level 2 heading). */
      setCrosshead: () => ReturnType;
      /** Crosshead ↔ paragraph. */
      toggleCrosshead: () => ReturnType;
    };
    pullQuote: {
      /** Turns the current block into a pull quote. */
      setPullQuote: (attrs?: { attribution?: string | null }) => ReturnType;
    };
    figureImage: {
      insertFigureImage: (attrs: FigureImageAttrs) => ReturnType;
    };
    embed: {
      insertEmbed: (attrs: EmbedAttrs) => ReturnType;
    };
  }
}

/** Image sources the editor shows: http(s) and site-relative paths. */
export const isSafeSrc = (src: string): boolean => /^(https?:\/\/|\/(?!\/))/i.test(src.trim());
/** Embeds are http(s) URLs, as the model requires. */
export const isSafeEmbedUrl = (url: string): boolean => {
  try {
    return /^https?:$/.test(new URL(url.trim()).protocol);
  } catch {
    return false;
  }
};

const stringAttr = (value: string | null | undefined): string | null => (value && value.trim() ? value : null);
const intAttr = (value: string | null | undefined): number | null => {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * After inserting a block atom the selection is the atom itself, so the next keystroke would replace
 * it: put the caret in an empty paragraph after it instead (adding one unless one follows already).
 */
function caretAfterAtom({ tr, dispatch }: { tr: Transaction; dispatch?: unknown }): boolean {
  const sel = tr.selection;
  if (!(sel instanceof NodeSelection)) return true;
  if (dispatch) {
    const pos = sel.to;
    const next = tr.doc.resolve(pos).nodeAfter;
    if (!(next?.type.name === 'paragraph' && next.content.size === 0)) tr.insert(pos, tr.doc.type.schema.nodes.paragraph!.create());
    tr.setSelection(TextSelection.create(tr.doc, pos + 1));
  }
  return true;
}

/** A crosshead: the one heading level the model has, plain text only (no marks, no breaks). */
export const Crosshead = Node.create({
  name: 'heading',
  group: 'block',
  content: 'text*',
  marks: '',
  defining: true,

  addAttributes() {
    return { level: { default: 2, rendered: false, parseHTML: () => 2 } };
  },

  parseHTML() {
    return [{ tag: 'h2' }, { tag: 'h3' }, { tag: 'h4' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['h2', mergeAttributes({ class: 'crosshead' }, HTMLAttributes), 0];
  },

  addCommands() {
    return {
      setCrosshead:
        () =>
        ({ commands }) =>
          commands.setNode(this.name, { level: 2 }),
      toggleCrosshead:
        () =>
        ({ commands }) =>
          commands.toggleNode(this.name, 'paragraph', { level: 2 }),
    };
  },

  addKeyboardShortcuts() {
    return { 'Mod-Alt-2': () => this.editor.commands.toggleCrosshead() };
  },

  addInputRules() {
    return [textblockTypeInputRule({ find: /^##\s$/, type: this.type, getAttributes: { level: 2 } })];
  },
});

/**
 * List items hold exactly one paragraph: our lists are flat, so there is nothing to indent into
 * (Tab leaves the editor instead of nesting, Shift-Tab lifts the item out of the list).
 */
export const FlatListItem = Node.create({
  name: 'listItem',
  content: 'paragraph',
  defining: true,

  parseHTML() {
    return [{ tag: 'li' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['li', HTMLAttributes, 0];
  },

  addKeyboardShortcuts() {
    return {
      Enter: () => this.editor.commands.splitListItem(this.name),
      'Shift-Tab': () => this.editor.commands.liftListItem(this.name),
    };
  },
});

/** A pull quote: inline text with marks, plus an attribution edited in a small field under it. */
export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'inline*',
  defining: true,

  addAttributes() {
    return {
      attribution: {
        default: null,
        rendered: false,
        parseHTML: (el: HTMLElement) => stringAttr(el.querySelector('figcaption')?.textContent?.trim()),
      },
    };
  },

  parseHTML() {
    return [
      { tag: 'figure.pull-quote', contentElement: 'blockquote' },
      // A pasted blockquote keeps its first paragraph's text; the rest pastes as paragraphs.
      { tag: 'blockquote', contentElement: (el: globalThis.Node) => (el as HTMLElement).querySelector('p') ?? (el as HTMLElement) },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    const attribution = stringAttr(node.attrs.attribution as string | null);
    const figure = mergeAttributes({ class: 'pull-quote' }, HTMLAttributes);
    return attribution
      ? ['figure', figure, ['blockquote', 0], ['figcaption', { contenteditable: 'false' }, attribution]]
      : ['figure', figure, ['blockquote', 0]];
  },

  addCommands() {
    return {
      setPullQuote:
        (attrs = {}) =>
        ({ commands }) =>
          commands.setNode(this.name, { attribution: stringAttr(attrs.attribution) }),
    };
  },

  addNodeView() {
    return ({ node, editor, getPos }): NodeView => {
      const dom = document.createElement('figure');
      dom.className = 'pull-quote';
      const contentDOM = document.createElement('blockquote');
      const caption = document.createElement('figcaption');
      caption.contentEditable = 'false';
      const input = document.createElement('input');
      input.type = 'text';
      input.className = 'pull-quote-attribution';
      input.placeholder = 'Attribution (who said it)';
      input.setAttribute('aria-label', 'Quote attribution');
      input.maxLength = 300;
      input.value = (node.attrs.attribution as string | null) ?? '';
      caption.append(input);
      dom.append(contentDOM, caption);

      input.addEventListener('input', () => {
        const pos = getPos();
        if (typeof pos !== 'number' || !editor.isEditable) return;
        editor.view.dispatch(editor.state.tr.setNodeAttribute(pos, 'attribution', stringAttr(input.value)));
      });
      input.addEventListener('keydown', (event) => {
        // Enter or Escape returns to the quote text.
        if (event.key !== 'Enter' && event.key !== 'Escape') return;
        event.preventDefault();
        const pos = getPos();
        if (typeof pos === 'number') editor.chain().focus(pos + 1 + (editor.state.doc.nodeAt(pos)?.content.size ?? 0)).run();
      });

      let current: PMNode = node;
      return {
        dom,
        contentDOM,
        update(updated) {
          if (updated.type !== current.type) return false;
          current = updated;
          const value = (updated.attrs.attribution as string | null) ?? '';
          // Never rewrite the field under the caret (the change came from it).
          if (document.activeElement !== input && input.value !== value) input.value = value;
          return true;
        },
        stopEvent: (event) => caption.contains(event.target as globalThis.Node | null),
        ignoreMutation: (m: ViewMutationRecord) => !contentDOM.contains(m.target),
      };
    };
  },
});

interface AtomOptions {
  /** Called with the node's position when the user asks to edit it (the page opens its dialog). */
  onEdit: ((pos: number) => void) | null;
}

/** Shared shell for the two atom node views: the rendering plus an "Edit" button. */
function atomView(
  node: PMNode,
  getPos: () => number | undefined,
  onEdit: AtomOptions['onEdit'],
  className: string,
  editLabel: string,
  render: (node: PMNode, body: HTMLElement) => void,
): NodeView {
  const dom = document.createElement('figure');
  dom.className = className;
  dom.draggable = true;
  const body = document.createElement('div');
  body.className = `${className}-body`;
  const edit = document.createElement('button');
  edit.type = 'button';
  edit.className = 'node-edit';
  edit.textContent = 'Edit';
  edit.setAttribute('aria-label', editLabel);
  edit.hidden = !onEdit;
  edit.addEventListener('click', (event) => {
    event.preventDefault();
    const pos = getPos();
    if (onEdit && typeof pos === 'number') onEdit(pos);
  });
  dom.append(body, edit);
  render(node, body);
  let current = node;
  return {
    dom,
    update(updated) {
      if (updated.type !== current.type) return false;
      current = updated;
      body.replaceChildren();
      render(updated, body);
      return true;
    },
    stopEvent: (event) => edit.contains(event.target as globalThis.Node | null),
    ignoreMutation: () => true,
  };
}

/** An image from the media library or a URL, with required alt text, caption and credit. */
export const FigureImage = Node.create<AtomOptions>({
  name: 'figureImage',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { onEdit: null };
  },

  addAttributes() {
    const img = (el: HTMLElement) => el.querySelector('img');
    return {
      src: { default: '', rendered: false, parseHTML: (el: HTMLElement) => img(el)?.getAttribute('src') ?? '' },
      alt: { default: '', rendered: false, parseHTML: (el: HTMLElement) => img(el)?.getAttribute('alt') ?? '' },
      caption: {
        default: null,
        rendered: false,
        parseHTML: (el: HTMLElement) => stringAttr(el.querySelector('.caption')?.textContent),
      },
      credit: {
        default: null,
        rendered: false,
        parseHTML: (el: HTMLElement) => stringAttr(el.querySelector('.credit')?.textContent),
      },
      width: { default: null, rendered: false, parseHTML: (el: HTMLElement) => intAttr(img(el)?.getAttribute('width')) },
      height: { default: null, rendered: false, parseHTML: (el: HTMLElement) => intAttr(img(el)?.getAttribute('height')) },
      mediaId: { default: null, rendered: false, parseHTML: (el: HTMLElement) => stringAttr(el.getAttribute('data-media-id')) },
    };
  },

  // Only our own figures paste back in; images from other sites are not taken silently.
  parseHTML() {
    return [{ tag: 'figure[data-type="figure-image"]' }];
  },

  renderHTML({ node }) {
    const a = node.attrs as FigureImageAttrs;
    const imgAttrs: Record<string, string> = { alt: a.alt };
    if (isSafeSrc(a.src)) imgAttrs.src = a.src;
    if (a.width) imgAttrs.width = String(a.width);
    if (a.height) imgAttrs.height = String(a.height);
    const figure: Record<string, string> = { class: 'figure-image', 'data-type': 'figure-image' };
    if (a.mediaId) figure['data-media-id'] = a.mediaId;
    const caption: unknown[] = [];
    if (a.caption) caption.push(['span', { class: 'caption' }, a.caption]);
    if (a.credit) caption.push(' ', ['span', { class: 'credit' }, a.credit]);
    return caption.length ? ['figure', figure, ['img', imgAttrs], ['figcaption', {}, ...caption]] : ['figure', figure, ['img', imgAttrs]];
  },

  renderText({ node }) {
    return (node.attrs as FigureImageAttrs).caption ?? '';
  },

  addCommands() {
    return {
      insertFigureImage:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }) && commands.command(caretAfterAtom),
    };
  },

  addNodeView() {
    return ({ node, getPos }) =>
      atomView(node, getPos, this.options.onEdit, 'figure-image', 'Edit image details', (n, body) => {
        const a = n.attrs as FigureImageAttrs;
        const img = document.createElement('img');
        if (isSafeSrc(a.src)) img.src = a.src;
        img.alt = a.alt;
        if (a.width) img.width = a.width;
        if (a.height) img.height = a.height;
        img.draggable = false;
        body.append(img);
        if (!a.alt.trim()) {
          const warn = document.createElement('p');
          warn.className = 'node-warning';
          warn.textContent = 'Alt text is missing: edit the image to describe it.';
          body.append(warn);
        }
        if (a.caption || a.credit) {
          const caption = document.createElement('figcaption');
          if (a.caption) caption.append(a.caption);
          if (a.credit) {
            const credit = document.createElement('span');
            credit.className = 'credit';
            credit.textContent = a.credit;
            caption.append(a.caption ? ' ' : '', credit);
          }
          body.append(caption);
        }
      });
  },
});

/** Suggests a provider name from an embed URL's host ("YouTube" for youtube.com). */
export function embedProvider(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
  const known: [RegExp, string][] = [
    [/(^|\.)youtube\.com$|^youtu\.be$/, 'YouTube'],
    [/(^|\.)vimeo\.com$/, 'Vimeo'],
    [/(^|\.)(twitter|x)\.com$/, 'X'],
    [/(^|\.)instagram\.com$/, 'Instagram'],
    [/(^|\.)facebook\.com$/, 'Facebook'],
    [/(^|\.)tiktok\.com$/, 'TikTok'],
    [/(^|\.)soundcloud\.com$/, 'SoundCloud'],
    [/(^|\.)spotify\.com$/, 'Spotify'],
    [/(^|\.)bsky\.app$/, 'Bluesky'],
  ];
  return known.find(([re]) => re.test(host))?.[1] ?? null;
}

/** An embedded third-party item: the editor shows a box with the URL, never the third party's markup. */
export const Embed = Node.create<AtomOptions>({
  name: 'embed',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { onEdit: null };
  },

  addAttributes() {
    return {
      url: { default: '', rendered: false, parseHTML: (el: HTMLElement) => el.getAttribute('data-url') ?? '' },
      provider: { default: null, rendered: false, parseHTML: (el: HTMLElement) => stringAttr(el.getAttribute('data-provider')) },
      title: { default: null, rendered: false, parseHTML: (el: HTMLElement) => stringAttr(el.getAttribute('data-title')) },
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-type="embed"]' }];
  },

  renderHTML({ node }) {
    const a = node.attrs as EmbedAttrs;
    const attrs: Record<string, string> = { class: 'embed-box', 'data-type': 'embed', 'data-url': a.url };
    if (a.provider) attrs['data-provider'] = a.provider;
    if (a.title) attrs['data-title'] = a.title;
    return ['figure', attrs, ['span', { class: 'embed-label' }, a.provider ? `Embed · ${a.provider}` : 'Embed'], ['span', { class: 'embed-url' }, a.url]];
  },

  renderText({ node }) {
    return (node.attrs as EmbedAttrs).title ?? '';
  },

  addCommands() {
    return {
      insertEmbed:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }) && commands.command(caretAfterAtom),
    };
  },

  addNodeView() {
    return ({ node, getPos }) =>
      atomView(node, getPos, this.options.onEdit, 'embed-box', 'Edit embed', (n, body) => {
        const a = n.attrs as EmbedAttrs;
        const label = document.createElement('span');
        label.className = 'embed-label';
        label.textContent = a.provider ? `Embed · ${a.provider}` : 'Embed';
        const title = document.createElement('span');
        title.className = 'embed-title';
        title.textContent = a.title ?? '';
        const url = document.createElement('span');
        url.className = 'embed-url';
        url.textContent = a.url;
        body.append(label, ...(a.title ? [title] : []), url);
      });
  },
});

export interface ExtensionHooks {
  /** Opens the image dialog for the figureImage at `pos`. */
  editImage?: (pos: number) => void;
  /** Opens the embed dialog for the embed at `pos`. */
  editEmbed?: (pos: number) => void;
}

/** Every extension the body editor uses. */
export function bodyExtensions(hooks: ExtensionHooks = {}): Extensions {
  return [
    StarterKit.configure({
      // Not in the model: no code, strike, underline, rules, or other heading levels.
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      horizontalRule: false,
      blockquote: false, // PullQuote instead
      heading: false, // Crosshead instead (level 2, plain text)
      listItem: false, // FlatListItem instead
      link: {
        openOnClick: false,
        autolink: false,
        linkOnPaste: true,
        defaultProtocol: 'https',
        protocols: ['mailto'],
        // Protocol validation for typed, pasted and loaded links alike: http(s), mailto, site-relative.
        isAllowedUri: (url) => isSafeHref(url),
        HTMLAttributes: { target: null, rel: 'noopener noreferrer nofollow', class: null },
      },
    }),
    Crosshead,
    FlatListItem,
    PullQuote,
    FigureImage.configure({ onEdit: hooks.editImage ?? null }),
    Embed.configure({ onEdit: hooks.editEmbed ?? null }),
  ];
}
