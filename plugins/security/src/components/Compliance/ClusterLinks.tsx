import { Entity, RELATION_DEPENDS_ON, parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteParams, entityRouteRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

const CLUSTER_TYPE = 'kubernetes-cluster';

/**
 * Links to the clusters the entity depends on: their own Security tab holds the node and
 * control-plane results (kube-bench, node scans) that apply to this workload too.
 */
export function ClusterLinks(props: { entity: Entity }) {
  const refs = (props.entity.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDS_ON && parseEntityRef(r.targetRef).kind === 'resource')
    .map(r => r.targetRef);
  return refs.length > 0 ? <ClusterLinkList refs={refs} /> : null;
}

function ClusterLinkList(props: { refs: string[] }) {
  const { refs } = props;
  const catalog = useApi(catalogApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value: clusters } = useAsync(async () => {
    const { items } = await catalog.getEntitiesByRefs({
      entityRefs: refs,
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'spec.type'],
    });
    return items.filter((e): e is Entity => !!e && (e.spec as { type?: string })?.type === CLUSTER_TYPE);
  }, [catalog, refs.join(',')]);
  if (!clusters?.length) return null;
  return (
    <Box display="flex" gridGap={8} alignItems="baseline" data-testid="cluster-links">
      <Typography variant="body2">Runs on</Typography>
      {clusters.map(c => (
        <Link key={c.metadata.name} to={`${entityRoute(entityRouteParams(c))}/security`}>
          {c.metadata.title ?? c.metadata.name}
        </Link>
      ))}
      <Typography variant="body2" color="textSecondary">
        — cluster results (CIS benchmark, node scans) are on its Security tab
      </Typography>
    </Box>
  );
}
