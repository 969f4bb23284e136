import { ResponseError } from '@backstage/errors';
import { entityPath } from '../entityRefs';
import {
  Component,
  ComponentsQuery,
  EntitySummary,
  Finding,
  FindingsQuery,
  Page,
} from '../types';
import { EntityAttestations } from '../supplyChain';
import { ControlResult, ControlsQuery } from '../controls';
import { EntityCompliance } from '../compliance';
import { SecurityApi } from './SecurityApi';

/** Structural subsets of Backstage's DiscoveryApi and FetchApi, so this works front and back. */
export interface SecurityClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

export class SecurityClient implements SecurityApi {
  private readonly discoveryApi: SecurityClientOptions['discoveryApi'];
  private readonly fetchImpl: typeof fetch;

  constructor(options: SecurityClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchImpl = options.fetchApi?.fetch ?? fetch;
  }

  getSummary(entityRef: string): Promise<EntitySummary> {
    return this.request(`/v1/entities/${entityPath(entityRef)}/summary`);
  }

  listFindings(
    entityRef: string,
    query: FindingsQuery = {},
  ): Promise<Page<Finding>> {
    return this.request(
      `/v1/entities/${entityPath(entityRef)}/findings`,
      query as Record<string, QueryValue>,
    );
  }

  listComponents(
    entityRef: string,
    query: ComponentsQuery = {},
  ): Promise<Page<Component>> {
    return this.request(
      `/v1/entities/${entityPath(entityRef)}/components`,
      query as Record<string, QueryValue>,
    );
  }

  listAttestations(entityRef: string): Promise<EntityAttestations> {
    return this.request(`/v1/entities/${entityPath(entityRef)}/attestations`);
  }

  listControls(entityRef: string, query: ControlsQuery = {}): Promise<Page<ControlResult>> {
    return this.request(
      `/v1/entities/${entityPath(entityRef)}/controls`,
      query as Record<string, QueryValue>,
    );
  }

  getCompliance(entityRef: string): Promise<EntityCompliance> {
    return this.request(`/v1/entities/${entityPath(entityRef)}/compliance`);
  }

  private async request<T>(
    path: string,
    query: Record<string, QueryValue> = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('security');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v !== undefined && v !== '') params.append(key, String(v));
      }
    }
    const qs = params.toString();
    const response = await this.fetchImpl(
      `${baseUrl}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

type QueryValue = string | number | string[] | undefined;
