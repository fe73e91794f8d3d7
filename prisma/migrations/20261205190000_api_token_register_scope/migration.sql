-- AlterEnum
ALTER TYPE "ApiTokenScope" ADD VALUE 'REGISTER';
