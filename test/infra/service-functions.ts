import type { Template } from 'aws-cdk-lib/assertions';

export interface FunctionResource {
  id: string;
  properties: { Environment?: { Variables?: Record<string, unknown> } } & Record<string, unknown>;
}

/** The service functions of a synthesized stack by service name (their names are AWS's, so found by environment). */
export const serviceFunctions = (template: Template): Map<string, FunctionResource> =>
  new Map(
    Object.entries(template.findResources('AWS::Lambda::Function')).flatMap(([id, resource]) => {
      const properties = (resource as { Properties: FunctionResource['properties'] }).Properties;
      const service = properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      return typeof service === 'string' ? [[service, { id, properties }] as const] : [];
    }),
  );
