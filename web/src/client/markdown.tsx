// Discord-flavoured markdown for message content: bold, italics, underline, strikethrough,
// spoilers, inline code, code blocks, block quotes, links, mentions and custom emoji. Text is parsed
// into nodes and rendered as Preact elements, so user text is never treated as HTML.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export type MarkdownNode =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em' | 'underline' | 'strike' | 'spoiler' | 'quote'; children: MarkdownNode[] }
  | { type: 'code'; text: string }
  | { type: 'codeBlock'; lang: string | null; text: string }
  | { type: 'link'; href: string; children: MarkdownNode[] }
  | { type: 'user' | 'role' | 'channel'; id: string }
  | { type: 'emoji'; name: string; id: string; animated: boolean };

interface Rule {
  pattern: RegExp;
  parse: (match: RegExpExecArray) => MarkdownNode;
}

const WRAPPERS: { pattern: RegExp; type: 'strong' | 'em' | 'underline' | 'strike' | 'spoiler' }[] = [
  { pattern: /^\*\*((?:\\[\s\S]|[^\\])+?)\*\*(?!\*)/, type: 'strong' },
  { pattern: /^__((?:\\[\s\S]|[^\\])+?)__(?!_)/, type: 'underline' },
  { pattern: /^\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)/, type: 'em' },
  { pattern: /^_((?:__|\\[\s\S]|[^\\_])+?)_(?![A-Za-z0-9_])/, type: 'em' },
  { pattern: /^~~([\s\S]+?)~~/, type: 'strike' },
  { pattern: /^\|\|([\s\S]+?)\|\|/, type: 'spoiler' },
];

const INLINE_RULES: Rule[] = [
  { pattern: /^\\([^0-9A-Za-z\s])/, parse: (m) => ({ type: 'text', text: m[1] }) },
  {
    pattern: /^```(?:([\w+#.-]+)?\n)?([\s\S]*?)```/,
    parse: (m) => ({ type: 'codeBlock', lang: m[1] ?? null, text: m[2].replace(/\n$/, '') }),
  },
  { pattern: /^(`+)([\s\S]*?[^`])\1(?!`)/, parse: (m) => ({ type: 'code', text: m[2].trim() || m[2] }) },
  { pattern: /^<(a?):(\w{1,32}):(\d{1,20})>/, parse: (m) => ({ type: 'emoji', animated: m[1] === 'a', name: m[2], id: m[3] }) },
  { pattern: /^<@!?(\d{1,20})>/, parse: (m) => ({ type: 'user', id: m[1] }) },
  { pattern: /^<@&(\d{1,20})>/, parse: (m) => ({ type: 'role', id: m[1] }) },
  { pattern: /^<#(\d{1,20})>/, parse: (m) => ({ type: 'channel', id: m[1] }) },
  { pattern: /^<(https?:\/\/[^\s>]+)>/, parse: (m) => ({ type: 'link', href: m[1], children: [{ type: 'text', text: m[1] }] }) },
  {
    pattern: /^\[([^[\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/,
    parse: (m) => ({ type: 'link', href: m[2], children: parseInline(m[1]) }),
  },
  {
    pattern: /^https?:\/\/[^\s<]+[^<.,:;"')\]\s]/,
    parse: (m) => ({ type: 'link', href: m[0], children: [{ type: 'text', text: m[0] }] }),
  },
  ...WRAPPERS.map(({ pattern, type }) => ({
    pattern,
    parse: (m: RegExpExecArray): MarkdownNode => ({ type, children: parseInline(m[1]) }),
  })),
  // Plain text: one character, then everything up to the next character another rule could start at.
  { pattern: /^[\s\S][^\\`<[*_~|h]*/, parse: (m) => ({ type: 'text', text: m[0] }) },
];

export function parseInline(source: string): MarkdownNode[] {
  const nodes: MarkdownNode[] = [];
  let rest = source;
  while (rest.length) {
    for (const rule of INLINE_RULES) {
      const match = rule.pattern.exec(rest);
      if (!match) continue;
      const node = rule.parse(match);
      const last = nodes[nodes.length - 1];
      if (node.type === 'text' && last?.type === 'text') last.text += node.text;
      else nodes.push(node);
      rest = rest.slice(match[0].length);
      break;
    }
  }
  return nodes;
}

// Block quotes ("> " at the start of lines) outside code blocks, then inline rules.
export function parseMarkdown(source: string): MarkdownNode[] {
  const nodes: MarkdownNode[] = [];
  const segments = source.split(/(```[\s\S]*?```)/);
  for (const segment of segments) {
    if (segment.startsWith('```') && segment.length >= 6) {
      nodes.push(...parseInline(segment));
      continue;
    }
    const lines = segment.split('\n');
    let plain: string[] = [];
    let quoted: string[] = [];
    const flushPlain = () => {
      if (plain.length) nodes.push(...parseInline(plain.join('\n')));
      plain = [];
    };
    const flushQuote = () => {
      if (quoted.length) nodes.push({ type: 'quote', children: parseInline(quoted.join('\n')) });
      quoted = [];
    };
    lines.forEach((line, index) => {
      const last = index === lines.length - 1;
      const quote = /^> /.exec(line) ?? (line === '>' ? ['>'] : null);
      if (quote) {
        flushPlain();
        quoted.push(line.slice(quote[0].length));
      } else {
        flushQuote();
        plain.push(line);
      }
      if (last) {
        flushPlain();
        flushQuote();
      }
    });
  }
  return nodes;
}

export interface MarkdownContext {
  userName: (id: string) => string;
  role: (id: string) => { name: string; color?: string } | undefined;
  channelName: (id: string) => string | undefined;
  emojiUrl: (id: string, animated: boolean) => string;
  openChannel?: (id: string) => void;
}

function Spoiler({ children }: { children: ComponentChildren }) {
  const [revealed, setRevealed] = useState(false);
  if (revealed) return <span class="spoiler revealed">{children}</span>;
  return (
    <span
      class="spoiler"
      role="button"
      tabIndex={0}
      aria-label="Spoiler, activate to reveal"
      onClick={(event) => {
        event.stopPropagation();
        setRevealed(true);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          setRevealed(true);
        }
      }}
    >
      <span aria-hidden="true">{children}</span>
    </span>
  );
}

function renderNodes(nodes: MarkdownNode[], context: MarkdownContext): ComponentChildren[] {
  return nodes.map((node, index) => renderNode(node, context, index));
}

function renderNode(node: MarkdownNode, context: MarkdownContext, key: number): ComponentChildren {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'strong':
      return <strong key={key}>{renderNodes(node.children, context)}</strong>;
    case 'em':
      return <em key={key}>{renderNodes(node.children, context)}</em>;
    case 'underline':
      return <u key={key}>{renderNodes(node.children, context)}</u>;
    case 'strike':
      return <s key={key}>{renderNodes(node.children, context)}</s>;
    case 'spoiler':
      return <Spoiler key={key}>{renderNodes(node.children, context)}</Spoiler>;
    case 'quote':
      return <blockquote key={key}>{renderNodes(node.children, context)}</blockquote>;
    case 'code':
      return <code key={key} class="inline-code">{node.text}</code>;
    case 'codeBlock':
      return (
        <pre key={key} class="code-block" data-lang={node.lang ?? undefined}>
          <code>{node.text}</code>
        </pre>
      );
    case 'link':
      return (
        <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">
          {renderNodes(node.children, context)}
        </a>
      );
    case 'user':
      return <span key={key} class="mention">@{context.userName(node.id)}</span>;
    case 'role': {
      const role = context.role(node.id);
      return (
        <span key={key} class="mention" style={role?.color ? { color: role.color } : undefined}>
          @{role?.name ?? 'deleted-role'}
        </span>
      );
    }
    case 'channel': {
      const name = context.channelName(node.id);
      if (name && context.openChannel) {
        return (
          <button key={key} type="button" class="mention link-button" onClick={() => context.openChannel?.(node.id)}>
            #{name}
          </button>
        );
      }
      return <span key={key} class="mention">#{name ?? 'unknown-channel'}</span>;
    }
    case 'emoji':
      return (
        <img
          key={key}
          class="custom-emoji"
          src={context.emojiUrl(node.id, node.animated)}
          alt={`:${node.name}:`}
          title={`:${node.name}:`}
          width={22}
          height={22}
        />
      );
  }
}

export function Markdown({ source, context }: { source: string; context: MarkdownContext }) {
  return <>{renderNodes(parseMarkdown(source), context)}</>;
}
