// Discovery and bootstrap (brief §3): installation state/infos/version, identities, user settings.

import { Fault, json, type Ctx } from '../http.js';
import { type User } from '../model.js';
import { type RouteSpec } from '../router.js';
import { DOMAIN, type EmulatorState } from '../state.js';
import { userSettings } from './auth.js';

function identities(state: EmulatorState, user: User, available: boolean) {
  const own = {
    id: 'default',
    mbox: user.uid,
    mboxName: user.login,
    email: user.email,
    emailIsDefault: true,
    name: user.displayName,
    displayname: user.displayName,
    isDefault: true,
    signature: `<p>-- <br>${user.displayName}<br>${user.title}<br>${user.department}<br>Région Occitanie</p>`,
  };
  const shares = [...state.mailshares.values()]
    .filter((s) => {
      const verb = state.mail.mailboxes.get(s.uid)?.acl.get(user.uid);
      return verb === 'Write' || verb === 'All';
    })
    .map((s) => ({
      id: s.uid,
      mbox: s.uid,
      mboxName: s.name,
      email: s.email,
      emailIsDefault: true,
      name: s.displayName,
      displayname: s.displayName,
      isDefault: false,
      signature: '',
    }));
  const aliases = available
    ? user.aliases.map((email) => ({ ...own, id: `alias-${email}`, email, emailIsDefault: false, isDefault: false }))
    : [];
  return [own, ...aliases, ...shares];
}

function selfOnly(ctx: Ctx): User {
  const user = ctx.user();
  if (ctx.params.domainUid !== DOMAIN) throw new Fault('NOT_FOUND', `domain ${ctx.params.domainUid} not found`);
  if (ctx.params.userUid !== user.uid)
    throw new Fault('PERMISSION_DENIED', `${user.login} cannot read ${ctx.params.userUid}`);
  return user;
}

export const systemRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: '/api/system/installation/state',
    auth: 'optional',
    handler: (ctx) => json(ctx.state.maintenance ? 'CORE_STATE_MAINTENANCE' : 'CORE_STATE_RUNNING'),
  },
  {
    method: 'GET',
    path: '/api/system/installation/_infos',
    auth: 'optional',
    handler: (ctx) =>
      json({
        defaultDomain: DOMAIN,
        softwareVersion: ctx.state.softwareVersion(),
        releaseName: ctx.state.version === '5' ? 'BlueMind 5' : 'BlueMind 4',
      }),
  },
  {
    method: 'GET',
    path: '/api/system/installation/version',
    auth: 'optional',
    handler: (ctx) =>
      json({
        softwareVersion: ctx.state.softwareVersion(),
        versionName: ctx.state.version === '5' ? '5.1.0' : '4.8.0',
        databaseVersion: ctx.state.softwareVersion(),
        needsUpgrade: false,
      }),
  },
  {
    method: 'GET',
    path: '/api/users/{domainUid}/{userUid}/identity',
    handler: (ctx) => json(identities(ctx.state, selfOnly(ctx), false)),
  },
  {
    method: 'GET',
    path: '/api/users/{domainUid}/{userUid}/identity/_available',
    handler: (ctx) => json(identities(ctx.state, selfOnly(ctx), true)),
  },
  {
    method: 'GET',
    path: '/api/users/{domainUid}/{userUid}/_settings',
    handler: (ctx) => json(userSettings(ctx.state, selfOnly(ctx))),
  },
];
