/**
 * A household as acting for it weighs it (代签收, 代付: a volunteer for a neighbour without a smartphone): its
 * compound and building, its label, and whether it is a proxy household (nobody of it uses the app).
 */
export interface HouseholdRef {
  id: string;
  communityId: string;
  label: string;
  buildingId: string;
  isProxy: boolean;
}
