/** Every key begins with the borough (design decision 1), so that items never cross boroughs. */
export const boroughPrefix = (borough: string): string => `B#${borough}`;

export const patientPartition = (borough: string, patientId: string): string => `${boroughPrefix(borough)}#P#${patientId}`;

/** A borough-wide item that belongs to no patient (health probe, aggregates). */
export const boroughPartition = (borough: string, name: string): string => `${boroughPrefix(borough)}#${name}`;
