// The setting the web client tests share: one accord instance (its first account, the operator,
// already taken, so nobody in the story runs it), one browser, and people who open the client
// already logged in.
import { after, before } from 'node:test';
import { registerUser, startAccord } from '../../node/support/accord.js';
import { launchBrowser, openPage } from './browser.mjs';

// Anything live (gateway events, uploads) should show within this long.
export const LIVE = { timeout: 5_000 };

// Starts the instance and the browser before the file's tests and stops both after them; the story
// holds them as `server` and `browser` while the tests run.
export function clientStory() {
  const story = {
    server: null,
    browser: null,

    // A page already logged in as `user` (the token put where the client keeps it).
    async openAs(user, options) {
      const page = await openPage(story.browser, story.server.url, options);
      await page.evaluate(({ url, token, id }) => {
        localStorage.setItem('accord.instances', JSON.stringify([{ baseUrl: url, token, userId: id }]));
      }, { url: story.server.url, token: user.token, id: user.id });
      await page.reload();
      await page.getByRole('heading', { name: 'Friends', exact: true }).waitFor(LIVE);
      return page;
    },
  };

  before(async () => {
    story.server = await startAccord();
    await registerUser(story.server, 'operator');
    story.browser = await launchBrowser();
  });

  after(async () => {
    await story.browser?.close();
    await story.server?.stop();
  });

  return story;
}
