// The lessons' gallery: www/examples/index.json lists topics and their examples (a .py
// file, a title and an explanation in each language; format in www/examples/README.md).
// Draws them as a list of links (`#example=ID`) and fetches an example's code on demand.

import { localized } from './i18n.js';
import { exampleHash } from './share.js';

export class Gallery {
  static async load(indexUrl) {
    const response = await fetch(indexUrl);
    if (!response.ok) throw new Error(`${indexUrl}: ${response.status}`);
    return new Gallery(indexUrl, await response.json());
  }

  constructor(indexUrl, { topics }) {
    this.indexUrl = indexUrl;
    this.topics = topics;
    this.examples = new Map(topics.flatMap((topic) => topic.examples.map((example) => [example.id, example])));
  }

  // The example called `id`, else the first one.
  find(id) {
    return this.examples.get(id) ?? this.topics[0].examples[0];
  }

  async code(example) {
    const response = await fetch(new URL(example.file, this.indexUrl));
    if (!response.ok) throw new Error(`${example.file}: ${response.status}`);
    return response.text();
  }

  // Fills `list` with one heading and list of links per topic; `current` is marked.
  render(list, lang, current) {
    const sections = this.topics.map((topic) => {
      const heading = document.createElement('h3');
      heading.textContent = localized(topic.title, lang);
      const items = document.createElement('ul');
      for (const example of topic.examples) {
        const link = document.createElement('a');
        link.href = exampleHash(example.id);
        link.dataset.example = example.id;
        link.textContent = localized(example.title, lang);
        if (example === current) link.setAttribute('aria-current', 'page');
        const item = document.createElement('li');
        item.append(link);
        items.append(item);
      }
      return [heading, items];
    });
    list.replaceChildren(...sections.flat());
  }
}
