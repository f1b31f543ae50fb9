/* emit_array.c: array descriptors and element access. An array value is a pointer to its
 * descriptor {ptr data; i64 shape[ndim]; i64 strides[ndim]} (include/krait.h's KraitArray is one
 * with room for KRAIT_MAX_NDIM). Fields are loaded once where the array value is defined. A view
 * (`a[i]` of a 2-D array) gets a descriptor in an entry-block alloca, rewritten each time the
 * view is made, so descriptors are not invariant memory; instead every descriptor access carries
 * the TBAA tag "krait descriptor" and every element access "krait element": LLVM then knows that
 * element stores never change a descriptor and may still hoist and merge descriptor loads.
 * Array pointers are never noalias: two parameters may be one array or overlapping views. */
#include "backend_internal.h"

#include <string.h>

/* The loaded fields of one array value. */
typedef struct ArrayFields {
  LLVMValueRef data;
  LLVMValueRef dims[2 * KRAIT_MAX_NDIM]; /* shape[0..ndim), then strides */
} ArrayFields;

/* Tags a load or store with the TBAA access tag of `name` ("krait descriptor", "krait element"),
 * two types under one root that do not alias each other. (Metadata nodes are uniqued: building
 * them again returns the same node.) */
static void set_tbaa(Emitter *em, LLVMValueRef access, const char *name) {
  LLVMMetadataRef root_name = LLVMMDStringInContext2(em->ctx, "krait tbaa", 10);
  LLVMMetadataRef root = LLVMMDNodeInContext2(em->ctx, &root_name, 1);
  LLVMMetadataRef zero = LLVMValueAsMetadata(LLVMConstInt(em->i64, 0, 0));
  LLVMMetadataRef type_ops[] = {LLVMMDStringInContext2(em->ctx, name, strlen(name)), root, zero};
  LLVMMetadataRef type = LLVMMDNodeInContext2(em->ctx, type_ops, 3);
  LLVMMetadataRef tag_ops[] = {type, type, zero};
  unsigned kind = LLVMGetMDKindIDInContext(em->ctx, "tbaa", 4);
  LLVMSetMetadata(access, kind, LLVMMetadataAsValue(em->ctx, LLVMMDNodeInContext2(em->ctx, tag_ops, 3)));
}

static LLVMValueRef descriptor_load(Emitter *em, LLVMTypeRef ty, LLVMValueRef ptr, const char *name) {
  LLVMValueRef v = LLVMBuildLoad2(em->b, ty, ptr, name);
  set_tbaa(em, v, "krait descriptor");
  LLVMSetAlignment(v, 8);
  return v;
}

static void descriptor_store(Emitter *em, LLVMValueRef v, LLVMValueRef desc, int64_t offset) {
  LLVMValueRef off = LLVMConstInt(em->i64, (unsigned long long)offset, 0);
  LLVMValueRef st = LLVMBuildStore(em->b, v, LLVMBuildGEP2(em->b, em->i8, desc, &off, 1, ""));
  set_tbaa(em, st, "krait descriptor");
  LLVMSetAlignment(st, 8);
}

void emit_array_fields(Emitter *em, uint32_t id, Type t, LLVMValueRef desc) {
  if (id >= em->fn->nvalues) return;
  ArrayFields *f = kr_alloc(sizeof *f);
  memset(f, 0, sizeof *f);
  f->data = descriptor_load(em, em->ptr, desc, "data");
  int n = t.ndim;
  for (int k = 0; k < 2 * n; k++) {
    /* A C-contiguous array's last stride is its itemsize: never read. */
    if (k == 2 * n - 1 && t.layout == LAYOUT_C) {
      f->dims[k] = LLVMConstInt(em->i64, type_itemsize((TypeKind)t.elem), 0);
      continue;
    }
    LLVMValueRef idx = LLVMConstInt(em->i64, (unsigned long long)(8 + 8 * k), 0);
    LLVMValueRef p = LLVMBuildGEP2(em->b, em->i8, desc, &idx, 1, "");
    f->dims[k] = descriptor_load(em, em->i64, p, k < n ? "shape" : "stride");
  }
  kr_free(em->arrays[id]);
  em->arrays[id] = f;
}

static ArrayFields *fields_of(Emitter *em, const IrInst *inst, uint32_t id) {
  if (id < em->fn->nvalues && em->arrays[id]) return em->arrays[id];
  emit_internal_error(em, inst, "array value without a descriptor");
  return NULL;
}

/* krait_rt_raise_index(index, axis, size, file, line, function) and return 1, in a cold block
 * taken when cond holds. */
static void raise_index_if(Emitter *em, LLVMValueRef cond, LLVMValueRef index, int64_t axis, LLVMValueRef size,
                           Span span) {
  LLVMBasicBlockRef raise = LLVMAppendBasicBlockInContext(em->ctx, em->llfn, "index.error");
  LLVMBasicBlockRef cont = emit_block_new(em, "index.ok");
  LLVMValueRef br = LLVMBuildCondBr(em->b, cond, raise, cont);
  LLVMSetMetadata(br, em->prof_kind, LLVMMetadataAsValue(em->ctx, em->cold_weights));
  LLVMPositionBuilderAtEnd(em->b, raise);
  int line = 0, col = 0;
  if (em->fn->src && span.start >= 0) source_line_col(em->fn->src, span.start, &line, &col);
  LLVMTypeRef params[] = {em->i64, em->i64, em->i64, em->ptr, em->i32, em->ptr};
  LLVMValueRef args[] = {index, LLVMConstInt(em->i64, (unsigned long long)axis, 0), size, em->file_str,
                         LLVMConstInt(em->i32, (unsigned long long)line, 0), em->name_str};
  LLVMValueRef call = emit_call_c(em, "krait_rt_raise_index", em->void_ty, params, 6, args, false);
  unsigned cold = LLVMGetEnumAttributeKindForName("cold", 4);
  LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(em->ctx, cold, 0));
  emit_return_error(em);
  LLVMPositionBuilderAtEnd(em->b, cont);
}

/* sum(index_k * stride_k) over the first n indices of inst (call_args from inst->b), in bytes. */
static LLVMValueRef byte_offset(Emitter *em, const IrInst *inst, int n, LLVMValueRef const *strides) {
  LLVMValueRef off = NULL;
  for (int k = 0; k < n; k++) {
    LLVMValueRef term = LLVMBuildMul(em->b, emit_value(em, em->fn->call_args.data[inst->b + (uint32_t)k]), strides[k], "");
    off = off ? LLVMBuildAdd(em->b, off, term, "") : term;
  }
  return off;
}

/* The address of an element: data + sum(index_k * stride_k), in bytes (plain GEPs: no inbounds,
 * so no overflow assumptions). */
static LLVMValueRef element_address(Emitter *em, const IrInst *inst, Type t, const ArrayFields *f) {
  const IrFunc *fn = em->fn;
  int n = t.ndim;
  int last = t.layout == LAYOUT_C ? n - 1 : n;
  LLVMValueRef off = byte_offset(em, inst, last, f->dims + n);
  LLVMValueRef p = f->data;
  if (off) p = LLVMBuildGEP2(em->b, em->i8, p, &off, 1, "");
  if (last < n) {
    /* The contiguous axis indexes elements directly: the form vectorizers like best. */
    LLVMValueRef i = emit_value(em, fn->call_args.data[inst->b + (uint32_t)last]);
    LLVMTypeRef elem = LLVMIntTypeInContext(em->ctx, (unsigned)(8 * type_itemsize((TypeKind)t.elem)));
    if (type_is_float(type_of((TypeKind)t.elem))) elem = t.elem == TY_F32 ? em->f32 : em->f64;
    p = LLVMBuildGEP2(em->b, elem, p, &i, 1, "elem");
  }
  return p;
}

/* The memory type of an element: bool is a byte (0/1). */
static LLVMTypeRef memory_type(Emitter *em, Type elem) { return elem.kind == TY_BOOL ? em->i8 : emit_type(em, elem); }

LLVMValueRef emit_array_op(Emitter *em, const IrInst *inst) {
  LLVMBuilderRef b = em->b;
  switch ((IrOp)inst->op) {
  case IR_ARRAY_DIM: {
    ArrayFields *f = fields_of(em, inst, inst->a);
    return f ? f->dims[inst->imm.i] : NULL;
  }
  case IR_BOUNDS_CHECK: {
    LLVMValueRef i = emit_value(em, inst->a), n = emit_value(em, inst->b);
    LLVMValueRef bad;
    if (inst->flags & IR_FLAG_NONNEG) {
      bad = LLVMBuildICmp(b, LLVMIntUGE, i, n, "oob");
    } else {
      /* -n <= i < n, as one unsigned compare: i + n < 2n (n >= 0 and small enough: a size). */
      LLVMValueRef sum = LLVMBuildAdd(b, i, n, "");
      bad = LLVMBuildICmp(b, LLVMIntUGE, sum, LLVMBuildAdd(b, n, n, ""), "oob");
    }
    raise_index_if(em, bad, i, inst->imm.i, n, inst->span);
    return LLVMConstInt(em->i1, 0, 0); /* no value; anything non-NULL */
  }
  case IR_INDEX_WRAP: {
    LLVMValueRef i = emit_value(em, inst->a);
    if (inst->flags & IR_FLAG_NONNEG) return i;
    LLVMValueRef neg = LLVMBuildICmp(b, LLVMIntSLT, i, LLVMConstInt(em->i64, 0, 0), "");
    return LLVMBuildSelect(b, neg, LLVMBuildAdd(b, i, emit_value(em, inst->b), ""), i, "idx");
  }
  case IR_ARRAY_LOAD: {
    Type t = emit_value_type(em, inst->a);
    ArrayFields *f = fields_of(em, inst, inst->a);
    if (!f) return NULL;
    Type elem = type_of((TypeKind)t.elem);
    LLVMValueRef v = LLVMBuildLoad2(b, memory_type(em, elem), element_address(em, inst, t, f), "");
    LLVMSetAlignment(v, 1); /* NumPy arrays may be unaligned views */
    set_tbaa(em, v, "krait element");
    if (elem.kind == TY_BOOL) v = LLVMBuildICmp(b, LLVMIntNE, v, LLVMConstInt(em->i8, 0, 0), "");
    return v;
  }
  case IR_ARRAY_STORE: {
    Type t = emit_value_type(em, inst->a);
    ArrayFields *f = fields_of(em, inst, inst->a);
    if (!f) return NULL;
    Type elem = type_of((TypeKind)t.elem);
    LLVMValueRef v = emit_value(em, em->fn->call_args.data[inst->b + (uint32_t)t.ndim]);
    if (elem.kind == TY_BOOL) v = LLVMBuildZExt(b, v, em->i8, "");
    LLVMValueRef st = LLVMBuildStore(b, v, element_address(em, inst, t, f));
    LLVMSetAlignment(st, 1);
    set_tbaa(em, st, "krait element");
    return st;
  }
  case IR_ARRAY_VIEW: {
    /* data + the leading indices' offset, and the remaining axes' shape and strides: known here
     * as values, and written to the view's descriptor for locals and callees. */
    Type t = emit_value_type(em, inst->a);
    ArrayFields *f = fields_of(em, inst, inst->a);
    if (!f) return NULL;
    int n = t.ndim, c = (int)inst->c, m = n - c;
    LLVMValueRef off = byte_offset(em, inst, c, f->dims + n);
    ArrayFields *view = kr_alloc(sizeof *view);
    memset(view, 0, sizeof *view);
    view->data = LLVMBuildGEP2(b, em->i8, f->data, &off, 1, "row");
    for (int k = 0; k < m; k++) {
      view->dims[k] = f->dims[c + k];
      view->dims[m + k] = f->dims[n + c + k];
    }
    LLVMValueRef desc = LLVMBuildAlloca(em->alloca_b, LLVMArrayType2(em->i64, (uint64_t)(1 + 2 * m)), "view");
    LLVMSetAlignment(desc, 8);
    descriptor_store(em, view->data, desc, 0);
    for (int k = 0; k < 2 * m; k++) descriptor_store(em, view->dims[k], desc, 8 + 8 * k);
    kr_free(em->arrays[inst->id]);
    em->arrays[inst->id] = view;
    return desc;
  }
  default:
    emit_internal_error(em, inst, "unsupported operation");
    return NULL;
  }
}
