import { join } from 'node:path';
import { AccountDirectory } from './accounts';
import { escapeHtml, loginPage } from './login-page';
import { loadOrganisation } from './organisation';

const accounts = new AccountDirectory(loadOrganisation(join(__dirname, '../../../deploy/demo/organisation.json')));

describe('AccountDirectory', () => {
  it('authenticates by userName, e-mail or its local part, case-insensitively', () => {
    for (const login of ['camille.laurent@demo.plein.dev', 'CAMILLE.LAURENT@demo.plein.dev', ' camille.laurent ']) {
      expect(accounts.authenticate(login, 'plein-demo')?.sub).toBe('1038');
    }
  });

  it('refuses a wrong password, an unknown login and an empty password', () => {
    expect(accounts.authenticate('camille.laurent', 'Plein-demo')).toBeNull();
    expect(accounts.authenticate('nobody', 'plein-demo')).toBeNull();
    expect(accounts.authenticate('camille.laurent', '')).toBeNull();
  });

  it('finds accounts by subject (employee number)', () => {
    expect(accounts.find('1001')?.employee.userName).toBe('margriet.vandenberg@demo.plein.dev');
    expect(accounts.find('9999')).toBeUndefined();
    expect(accounts.size).toBe(40);
  });
});

describe('login page', () => {
  it('escapes everything it interpolates', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = loginPage({ uid: 'u"1', clientName: '<script>alert(1)</script>', login: '"><img src=x>', error: '<b>' });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('"><img');
    expect(html).toContain('action="/interaction/u%221/login"');
  });
});
