import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';
import { TtlCache } from './TtlCache';

/**
 * Authentication, the suite's permissions and entity visibility, checked the same way on every
 * route. Grants and look-ups are remembered for a few seconds per caller (never refusals), so a
 * page that makes several reads asks the permission and catalog plugins once; a revoked grant
 * or a hidden entity therefore takes up to that long to apply.
 */
export class AccessControl {
  private readonly grants: TtlCache<true>;
  private readonly entities: TtlCache<Entity>;
  /** Questions being asked right now: a page's parallel first reads share one answer. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly auth: AuthService,
    private readonly httpAuth: HttpAuthService,
    private readonly permissions: PermissionsService,
    private readonly catalog: CatalogService,
    cacheTtlMs = 0,
  ) {
    this.grants = new TtlCache(cacheTtlMs);
    this.entities = new TtlCache(cacheTtlMs);
  }

  /** The caller's credentials, once they hold `permission`; 401 without credentials, 403 without it. */
  async authorize(req: Request, permission: BasicPermission): Promise<BackstageCredentials> {
    const credentials = await this.httpAuth.credentials(req, { allow: ['user', 'service'] });
    await this.check(credentials, permission);
    return credentials;
  }

  /**
   * For reads: the permission check and the catalog look-up run side by side (each is a call
   * to another plugin), and a refusal wins over "not found" so nothing leaks to the refused.
   */
  async authorizeEntity(
    req: Request,
    permission: BasicPermission,
    ref: string,
  ): Promise<Entity> {
    const credentials = await this.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [allowed, entity] = await Promise.allSettled([
      this.check(credentials, permission),
      this.resolveEntity(ref, credentials),
    ]);
    if (allowed.status === 'rejected') throw allowed.reason;
    if (entity.status === 'rejected') throw entity.reason;
    return entity.value;
  }

  /** Looks up further entities as the caller would see them; not visible is `undefined`. */
  lookupAs(req: Request): (ref: string) => Promise<Entity | undefined> {
    // the caller's credentials are only read when a look-up is needed (most reads need none)
    return async ref => {
      const credentials = await this.httpAuth.credentials(req, { allow: ['user', 'service'] });
      return this.resolveEntity(ref, credentials).catch(error => {
        if ((error as Error).name === 'NotFoundError') return undefined;
        throw error;
      });
    };
  }

  private async check(credentials: BackstageCredentials, permission: BasicPermission) {
    const key = `${callerKey(credentials)}\u0000${permission.name}`;
    if (this.grants.get(key)) return;
    await this.shared(`grant\u0000${key}`, async () => {
      const [decision] = await this.permissions.authorize([{ permission }], { credentials });
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`Missing permission ${permission.name}`);
      }
      this.grants.set(key, true);
    });
  }

  /** Runs `ask` once for concurrent callers with the same key, when answers may be reused. */
  private shared<T>(key: string, ask: () => Promise<T>): Promise<T> {
    if (!this.grants.enabled) return ask();
    const running = this.pending.get(key);
    if (running) return running as Promise<T>;
    const answer = ask().finally(() => this.pending.delete(key));
    this.pending.set(key, answer);
    return answer;
  }

  /**
   * The entity, looked up with a user's own credentials so that the catalog's
   * read permission applies: an entity the caller cannot see does not exist for them. Service
   * callers (CI tokens) hold restricted credentials that cannot be passed on; their lookup uses
   * this plugin's identity, after their own permission check.
   */
  async resolveEntity(ref: string, credentials: BackstageCredentials): Promise<Entity> {
    let canonical: string;
    try {
      canonical = stringifyEntityRef(parseEntityRef(ref));
    } catch (e) {
      throw new InputError(`Invalid entity ref '${ref}': ${(e as Error).message}`);
    }
    const key = `${callerKey(credentials)}\u0000${canonical}`;
    const known = this.entities.get(key);
    if (known) return known;
    return this.shared(`entity\u0000${key}`, async () => {
      const lookupAs = this.auth.isPrincipal(credentials, 'user')
        ? credentials
        : await this.auth.getOwnServiceCredentials();
      // by name rather than by refs: the catalog answers that route a little faster
      const entity = await this.catalog.getEntityByRef(canonical, { credentials: lookupAs });
      if (!entity) throw new NotFoundError(`No entity ${canonical} in the catalog`);
      this.entities.set(key, entity);
      return entity;
    });
  }
}

/** Who is asking: a user by entity ref, a service by subject. */
function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as { type?: string; userEntityRef?: string; subject?: string };
  return `${principal.type}:${principal.userEntityRef ?? principal.subject ?? 'unknown'}`;
}
