// The two mljs packages ship no types; these declare only the surface lib/detectors uses.

declare module 'ml-knn' {
  type KdNode = { obj: number[] };
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: { k?: number; distance?: (a: ArrayLike<number>, b: ArrayLike<number>) => number });
    kdTree: { nearest(point: readonly number[], maxNodes: number): [number[], number][] };
    predict(dataset: number[][]): number[];
    toJSON(): { name: string; kdTree: KdNode };
  }
}

declare module 'ml-isolation-forest' {
  /** A node of the package's trees: inner nodes have both children, leaves keep their rows. */
  export type PackageTreeNode = {
    left?: PackageTreeNode;
    right?: PackageTreeNode;
    splitColumn?: number;
    splitValue?: number;
    trainingSet?: number[][];
  };
  export class IsolationForest {
    constructor(options?: { nEstimators?: number });
    nEstimators: number;
    forest: PackageTreeNode[];
    trainingSet: number[][];
    train(trainingSet: number[][]): void;
    predict(data: number[][]): number[];
  }
}
