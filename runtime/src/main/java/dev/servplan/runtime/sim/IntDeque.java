package dev.servplan.runtime.sim;

import java.util.Arrays;

/**
 * A growable ring buffer of ints: the waiting queue of an instance (preempted requests go back to
 * the front).
 */
final class IntDeque {
  private int[] items = new int[16];
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void addLast(int value) {
    grow();
    items[(head + size) & (items.length - 1)] = value;
    size++;
  }

  void addFirst(int value) {
    grow();
    head = (head - 1) & (items.length - 1);
    items[head] = value;
    size++;
  }

  int peekFirst() {
    if (size == 0) {
      throw new IllegalStateException("deque is empty");
    }
    return items[head];
  }

  int pollFirst() {
    int value = peekFirst();
    head = (head + 1) & (items.length - 1);
    size--;
    return value;
  }

  private void grow() {
    if (size < items.length) {
      return;
    }
    int[] larger = new int[items.length * 2];
    for (int i = 0; i < size; i++) {
      larger[i] = items[(head + i) & (items.length - 1)];
    }
    items = larger;
    head = 0;
  }

  @Override
  public String toString() {
    int[] copy = new int[size];
    for (int i = 0; i < size; i++) {
      copy[i] = items[(head + i) & (items.length - 1)];
    }
    return Arrays.toString(copy);
  }
}
